//! Plain text: paragraphs separated by a blank line, whitespace collapsed inside paragraphs.

use dom_query::{Document, NodeRef};

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];
/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object",
    "button", "select", "textarea",
];

/// Text of an HTML fragment (an extractor's cleaned article). The walk is iterative, so deep
/// trees cannot overflow the stack.
pub fn from_html(html: &str) -> String {
    let doc = Document::from(html);
    let root = doc.root();
    from_node(&root)
}

fn name_of(node: &NodeRef<'_>) -> String {
    node.node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// Text below `root` (document order, blocks as paragraphs).
pub fn from_node(root: &NodeRef<'_>) -> String {
    let mut out = Paragraphs::default();
    let mut current = root.first_child();
    while let Some(node) = current {
        let name = name_of(&node);
        let mut enter = false;
        if node.is_text() {
            out.push_text(&node.text());
        } else if node.is_element() && !SKIP.contains(&name.as_str()) {
            if is_block(&name) {
                out.end_paragraph();
            }
            enter = true;
        }
        if enter {
            if let Some(child) = node.first_child() {
                current = Some(child);
                continue;
            }
            if is_block(&name) {
                out.end_paragraph();
            }
        }
        current = next_in_document(node, root, &mut out);
    }
    out.finish()
}

/// The next node after `node`'s subtree, ending the paragraphs of the blocks left on the way up.
fn next_in_document<'a>(
    mut node: NodeRef<'a>,
    root: &NodeRef<'a>,
    out: &mut Paragraphs,
) -> Option<NodeRef<'a>> {
    loop {
        if let Some(sibling) = node.next_sibling() {
            return Some(sibling);
        }
        let parent = node.parent().filter(|p| p.id != root.id)?;
        if is_block(&name_of(&parent)) {
            out.end_paragraph();
        }
        node = parent;
    }
}

/// Re-flows text whose lines are paragraphs (an extractor's plain-text output).
pub fn reflow_lines(text: &str) -> String {
    let mut out = Paragraphs::default();
    for line in text.lines() {
        out.push_text(line);
        out.end_paragraph();
    }
    out.finish()
}

#[derive(Default)]
struct Paragraphs {
    done: String,
    current: String,
    pending_space: bool,
}

impl Paragraphs {
    fn push_text(&mut self, text: &str) {
        for ch in text.chars() {
            if ch.is_whitespace() || ch == '\u{200b}' {
                self.pending_space = !self.current.is_empty();
            } else {
                if self.pending_space {
                    self.current.push(' ');
                    self.pending_space = false;
                }
                self.current.push(ch);
            }
        }
    }

    fn end_paragraph(&mut self) {
        self.pending_space = false;
        if self.current.is_empty() {
            return;
        }
        if !self.done.is_empty() {
            self.done.push_str("\n\n");
        }
        self.done.push_str(&self.current);
        self.current.clear();
    }

    fn finish(mut self) -> String {
        self.end_paragraph();
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs() {
        let html = "<div><h2>Head</h2><p>One  <b>bold</b>\n word.</p><p>Two<br>lines</p><ul><li>a</li><li>b</li></ul>\
                    <script>x()</script></div>";
        assert_eq!(
            from_html(html),
            "Head\n\nOne bold word.\n\nTwo\n\nlines\n\na\n\nb"
        );
    }

    #[test]
    fn inline_boundaries_keep_spaces_only_where_written() {
        assert_eq!(from_html("<p>in<i>line</i> text</p>"), "inline text");
    }

    #[test]
    fn deep_fragment_does_not_overflow() {
        let n = 20_000;
        let html = "<span>".repeat(n) + "deep" + &"</span>".repeat(n);
        assert_eq!(from_html(&html), "deep");
    }

    #[test]
    fn reflow() {
        assert_eq!(reflow_lines("  a  b \n\n\nc\n"), "a b\n\nc");
    }
}
