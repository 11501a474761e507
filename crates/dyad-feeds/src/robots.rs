//! robots.txt (RFC 9309): groups of `User-agent` lines with `Allow` / `Disallow` rules; the
//! group naming our product token applies, else the `*` group; the longest matching rule wins
//! and `Allow` wins a tie; `*` matches any run of characters and a final `$` anchors the end.
//! `Crawl-delay` is read too (a per-host delay longer than ours is honoured).

use std::collections::HashMap;
use std::time::Duration;

/// Only the first 500 KiB of a robots.txt are read (as Google does).
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// Longest `Crawl-delay` honoured.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    pattern: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Group {
    agents: Vec<String>,
    rules: Vec<Rule>,
    crawl_delay: Option<f64>,
}

/// The rules of one host's robots.txt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    groups: Vec<Group>,
    disallow_everything: bool,
}

/// What robots.txt says about a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RobotVerdict {
    Allowed,
    Disallowed,
    /// robots.txt could not be read (server error, timeout): the host is skipped this round.
    HostUnavailable,
}

impl Robots {
    /// No robots.txt (a 4xx answer): everything is allowed.
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Nothing may be fetched (robots.txt unreachable).
    pub fn disallow_all() -> Robots {
        Robots {
            groups: Vec::new(),
            disallow_everything: true,
        }
    }

    /// Parses a robots.txt body (invalid UTF-8 is replaced; lines that do not parse are ignored).
    pub fn parse(bytes: &[u8]) -> Robots {
        let bytes = &bytes[..bytes.len().min(MAX_ROBOTS_BYTES)];
        let text = String::from_utf8_lossy(bytes);
        let mut groups: Vec<Group> = Vec::new();
        let mut open_for_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "user-agent" => {
                    if !open_for_agents {
                        groups.push(Group::default());
                        open_for_agents = true;
                    }
                    if let Some(group) = groups.last_mut() {
                        group.agents.push(value.to_ascii_lowercase());
                    }
                }
                key @ ("allow" | "disallow") => {
                    open_for_agents = false;
                    if let Some(group) = groups.last_mut().filter(|_| !value.is_empty()) {
                        group.rules.push(Rule {
                            allow: key == "allow",
                            pattern: value.to_string(),
                        });
                    }
                }
                "crawl-delay" => {
                    open_for_agents = false;
                    if let Some(group) = groups.last_mut() {
                        group.crawl_delay = value.parse::<f64>().ok().filter(|d| d.is_finite());
                    }
                }
                _ => {}
            }
        }
        Robots {
            groups,
            disallow_everything: false,
        }
    }

    /// Whether `agent` (our product token, e.g. `dyad`) may fetch `path` (path and query).
    pub fn is_allowed(&self, agent: &str, path: &str) -> bool {
        if self.disallow_everything {
            return false;
        }
        if path == "/robots.txt" {
            return true;
        }
        let best = self
            .groups_for(agent)
            .flat_map(|g| g.rules.iter())
            .filter(|r| pattern_matches(&r.pattern, path))
            .max_by_key(|r| (r.pattern.len(), r.allow));
        best.is_none_or(|r| r.allow)
    }

    /// The `Crawl-delay` of the group that applies to `agent`, at most a minute.
    pub fn crawl_delay(&self, agent: &str) -> Option<Duration> {
        let secs = self.groups_for(agent).find_map(|g| g.crawl_delay)?;
        Duration::try_from_secs_f64(secs)
            .ok()
            .map(|d| d.min(MAX_CRAWL_DELAY))
    }

    /// The groups naming `agent`, or the `*` groups when none does.
    fn groups_for<'a>(&'a self, agent: &str) -> impl Iterator<Item = &'a Group> + 'a {
        let agent = agent.to_ascii_lowercase();
        let ours = self.groups.iter().any(|g| g.names(&agent));
        self.groups.iter().filter(move |g| {
            if ours {
                g.names(&agent)
            } else {
                g.agents.iter().any(|a| a == "*")
            }
        })
    }
}

impl Group {
    fn names(&self, agent: &str) -> bool {
        self.agents.iter().any(|a| names_agent(a, agent))
    }
}

/// A `User-agent` value names us when its product token (before any `/`) is ours.
fn names_agent(value: &str, agent: &str) -> bool {
    value
        .split('/')
        .next()
        .is_some_and(|token| token.trim() == agent)
}

/// Whether a rule pattern matches the start of `path` (`*` any run, `$` at the end anchors).
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let pieces: Vec<&str> = pattern.split('*').collect();
    let Some((first, rest)) = pieces.split_first() else {
        return true;
    };
    let Some(mut remaining) = path.strip_prefix(first) else {
        return false;
    };
    for (i, piece) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        if last && anchored {
            return remaining.ends_with(piece);
        }
        match remaining.find(piece) {
            Some(at) => remaining = &remaining[at + piece.len()..],
            None => return false,
        }
    }
    !anchored || remaining.is_empty()
}

/// One robots.txt per host (scheme, host and port) for a run. An unreachable robots.txt is
/// remembered for the current round only.
#[derive(Debug, Default)]
pub struct RobotsCache {
    hosts: HashMap<String, (Robots, bool)>,
}

impl RobotsCache {
    /// The rules for `origin`, when fetched already.
    pub fn get(&self, origin: &str) -> Option<&Robots> {
        self.hosts.get(origin).map(|(robots, _)| robots)
    }

    /// Keeps the rules fetched for `origin` for the rest of the run.
    pub fn insert(&mut self, origin: &str, robots: Robots) {
        self.hosts.insert(origin.to_string(), (robots, false));
    }

    /// Remembers that `origin`'s robots.txt could not be read (until [`RobotsCache::new_round`]).
    pub fn mark_unavailable(&mut self, origin: &str) {
        self.hosts
            .insert(origin.to_string(), (Robots::disallow_all(), true));
    }

    /// The verdict for `path` on `origin`, when its robots.txt is known.
    pub fn verdict(&self, origin: &str, agent: &str, path: &str) -> Option<RobotVerdict> {
        let (robots, unavailable) = self.hosts.get(origin)?;
        Some(if *unavailable {
            RobotVerdict::HostUnavailable
        } else if robots.is_allowed(agent, path) {
            RobotVerdict::Allowed
        } else {
            RobotVerdict::Disallowed
        })
    }

    /// Forgets the hosts whose robots.txt was unreachable, so they are tried again.
    pub fn new_round(&mut self) {
        self.hosts.retain(|_, (_, unavailable)| !*unavailable);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_and_anchors() {
        assert!(pattern_matches("/private", "/private/x"));
        assert!(!pattern_matches("/private", "/public"));
        assert!(pattern_matches("/*.pdf$", "/a/b.pdf"));
        assert!(!pattern_matches("/*.pdf$", "/a/b.pdf?x=1"));
        assert!(pattern_matches("/a*c", "/abbbc/d"));
        assert!(pattern_matches("/", "/anything"));
        assert!(pattern_matches("/x$", "/x"));
        assert!(!pattern_matches("/x$", "/xy"));
    }
}
