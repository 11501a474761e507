//! Plain text: paragraphs separated by a blank line, whitespace collapsed inside paragraphs.

use std::borrow::Cow;
use std::marker::PhantomData;

use dom_query::{Document, NodeRef};
use trafilatura::dom::NodeId;

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

/// Whether an element starts and ends a paragraph (`div`, `p`, `li`, `table` …).
pub(crate) fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// What the walk needs of a parsed tree: `dom_query`'s (fragments) or trafilatura's (the page).
trait Tree {
    type Node: Clone;
    fn first_child(&self, node: &Self::Node) -> Option<Self::Node>;
    fn next_sibling(&self, node: &Self::Node) -> Option<Self::Node>;
    fn parent(&self, node: &Self::Node) -> Option<Self::Node>;
    fn same(&self, a: &Self::Node, b: &Self::Node) -> bool;
    /// The text of a text node.
    fn text(&self, node: &Self::Node) -> Option<String>;
    /// The lower-case name of an element.
    fn element(&self, node: &Self::Node) -> Option<Cow<'_, str>>;
}

struct DomQuery<'a>(PhantomData<NodeRef<'a>>);

impl<'a> Tree for DomQuery<'a> {
    type Node = NodeRef<'a>;
    fn first_child(&self, node: &NodeRef<'a>) -> Option<NodeRef<'a>> {
        node.first_child()
    }
    fn next_sibling(&self, node: &NodeRef<'a>) -> Option<NodeRef<'a>> {
        node.next_sibling()
    }
    fn parent(&self, node: &NodeRef<'a>) -> Option<NodeRef<'a>> {
        node.parent()
    }
    fn same(&self, a: &NodeRef<'a>, b: &NodeRef<'a>) -> bool {
        a.id == b.id
    }
    fn text(&self, node: &NodeRef<'a>) -> Option<String> {
        node.is_text().then(|| node.text().to_string())
    }
    fn element(&self, node: &NodeRef<'a>) -> Option<Cow<'_, str>> {
        node.is_element().then(|| {
            Cow::Owned(
                node.node_name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default(),
            )
        })
    }
}

impl Tree for trafilatura::dom::Document {
    type Node = NodeId;
    fn first_child(&self, node: &NodeId) -> Option<NodeId> {
        self.child_nodes(*node).first().copied()
    }
    fn next_sibling(&self, node: &NodeId) -> Option<NodeId> {
        trafilatura::dom::Document::next_sibling(self, *node)
    }
    fn parent(&self, node: &NodeId) -> Option<NodeId> {
        trafilatura::dom::Document::parent(self, *node)
    }
    fn same(&self, a: &NodeId, b: &NodeId) -> bool {
        a == b
    }
    fn text(&self, node: &NodeId) -> Option<String> {
        self.is_text(*node).then(|| self.text_content(*node))
    }
    fn element(&self, node: &NodeId) -> Option<Cow<'_, str>> {
        // html5ever gives HTML elements lower-case names; foreign (SVG, MathML) names keep
        // their case, and none of them lower-cases to a name in BLOCKS or SKIP.
        self.is_element(*node)
            .then(|| Cow::Borrowed(self.tag_name(*node)))
    }
}

/// Text below `root` (document order, blocks as paragraphs).
pub fn from_node(root: &NodeRef<'_>) -> String {
    walk(&DomQuery(PhantomData), root)
}

/// Text below `root` of a trafilatura tree (document order, blocks as paragraphs).
pub fn from_tree(doc: &trafilatura::dom::Document, root: NodeId) -> String {
    walk(doc, &root)
}

fn walk<T: Tree>(tree: &T, root: &T::Node) -> String {
    let mut out = Paragraphs::default();
    let mut current = tree.first_child(root);
    while let Some(node) = current {
        let mut entered_block = None;
        if let Some(text) = tree.text(&node) {
            out.push_text(&text);
        } else if let Some(name) = tree.element(&node).filter(|n| !SKIP.contains(&n.as_ref())) {
            let block = is_block(&name);
            if block {
                out.end_paragraph();
            }
            entered_block = Some(block);
        }
        if let Some(block) = entered_block {
            if let Some(child) = tree.first_child(&node) {
                current = Some(child);
                continue;
            }
            if block {
                out.end_paragraph();
            }
        }
        current = next_in_document(tree, node, root, &mut out);
    }
    out.finish()
}

/// The next node after `node`'s subtree, ending the paragraphs of the blocks left on the way up.
fn next_in_document<T: Tree>(
    tree: &T,
    mut node: T::Node,
    root: &T::Node,
    out: &mut Paragraphs,
) -> Option<T::Node> {
    loop {
        if let Some(sibling) = tree.next_sibling(&node) {
            return Some(sibling);
        }
        let parent = tree.parent(&node).filter(|p| !tree.same(p, root))?;
        if tree.element(&parent).is_some_and(|n| is_block(&n)) {
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
