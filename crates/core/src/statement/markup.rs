//! A tolerant tag tree for OFX (SGML and XML) and camt (XML).
//!
//! Real exports break XML's rules in ways a strict parser refuses: OFX 1.x
//! leaves leaf tags unclosed, banks write a raw `&` in memos, declare a charset
//! the bytes contradict, or put an OFX 2 XML header over SGML-style content.
//! One small tokenizer over already decoded text handles all of them; the
//! caller says which tags are aggregates (everything else is a leaf that the
//! next tag closes, as SGML's DTD would).

/// One element: its (prefix-free, upper- or mixed-case as written) name,
/// attributes, text, and children (indices into [`Tree::nodes`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<usize>,
    /// 1-based line of the start tag.
    pub line: u32,
    /// Byte offset of the start tag in the decoded text.
    pub offset: u64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    /// Node 0 is a synthetic root.
    pub nodes: Vec<Node>,
    /// Problems met while tokenizing (unterminated comment or CDATA…), as
    /// codes of data/diagnostics.tsv.
    pub problems: Vec<(u32, &'static str)>,
}

/// How end tags and unclosed tags are treated.
pub(crate) enum Mode<'a> {
    /// OFX SGML: tags for which `is_aggregate` is false are leaves, closed by
    /// the next tag when their end tag is missing.
    Sgml(&'a dyn Fn(&str) -> bool),
    /// XML: every start tag opens an element until its end tag.
    Xml,
}

impl Tree {
    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    /// Children of `i` named `name` (case-insensitive).
    pub fn kids<'a>(&'a self, i: usize, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.nodes[i].children.iter().copied().filter(move |&c| self.nodes[c].name.eq_ignore_ascii_case(name))
    }

    /// First child of `i` named `name`.
    pub fn kid(&self, i: usize, name: &str) -> Option<usize> {
        self.kids(i, name).next()
    }

    /// Follows a path of child names: `path(i, &["Amt"])`.
    pub fn path(&self, mut i: usize, names: &[&str]) -> Option<usize> {
        for n in names {
            i = self.kid(i, n)?;
        }
        Some(i)
    }

    /// Trimmed text at a path, `None` when absent or empty.
    pub fn text_at(&self, i: usize, names: &[&str]) -> Option<String> {
        let n = self.path(i, names)?;
        let t = self.nodes[n].text.trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Every descendant of `i` (depth first, document order) named `name`.
    pub fn descendants(&self, i: usize, name: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack: Vec<usize> = self.nodes[i].children.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            if self.nodes[n].name.eq_ignore_ascii_case(name) {
                out.push(n);
            }
            stack.extend(self.nodes[n].children.iter().rev().copied());
        }
        out
    }

    /// First descendant named `name`.
    pub fn find(&self, i: usize, name: &str) -> Option<usize> {
        let mut stack: Vec<usize> = self.nodes[i].children.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            if self.nodes[n].name.eq_ignore_ascii_case(name) {
                return Some(n);
            }
            stack.extend(self.nodes[n].children.iter().rev().copied());
        }
        None
    }

    pub fn attr(&self, i: usize, name: &str) -> Option<&str> {
        self.nodes[i].attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Builds the tree of `text`, starting at byte `start`.
pub(crate) fn parse(text: &str, start: usize, mode: Mode<'_>) -> Tree {
    let mut tree = Tree { nodes: vec![Node::default()], problems: vec![] };
    let mut stack: Vec<usize> = vec![0];
    let b = text.as_bytes();
    let mut i = start.min(b.len());
    let mut line: u32 = 1 + text[..i].bytes().filter(|&c| c == b'\n').count() as u32;
    let mut line_at = i;
    let line_of = |pos: usize, line: &mut u32, line_at: &mut usize| {
        if pos > *line_at {
            *line += b[*line_at..pos].iter().filter(|&&c| c == b'\n').count() as u32;
            *line_at = pos;
        }
        *line
    };
    let is_leaf_open = |tree: &Tree, stack: &[usize]| -> bool {
        match &mode {
            Mode::Sgml(agg) => stack.len() > 1 && !agg(&tree.nodes[*stack.last().unwrap_or(&0)].name),
            Mode::Xml => false,
        }
    };
    while i < b.len() {
        if b[i] != b'<' {
            let end = text[i..].find('<').map(|p| i + p).unwrap_or(b.len());
            let raw = &text[i..end];
            if !raw.trim().is_empty() {
                let top = *stack.last().unwrap_or(&0);
                tree.nodes[top].text.push_str(&unescape(raw));
            }
            i = end;
            continue;
        }
        let rest = &text[i..];
        if rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(p) => i += p + 3,
                None => {
                    let l = line_of(i, &mut line, &mut line_at);
                    tree.problems.push((l, "markup.unclosed_comment"));
                    break;
                }
            }
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            let body_start = i + 9;
            let (body, next) = match text[body_start..].find("]]>") {
                Some(p) => (&text[body_start..body_start + p], body_start + p + 3),
                None => {
                    let l = line_of(i, &mut line, &mut line_at);
                    tree.problems.push((l, "markup.unclosed_cdata"));
                    (&text[body_start..], b.len())
                }
            };
            let top = *stack.last().unwrap_or(&0);
            tree.nodes[top].text.push_str(body);
            i = next;
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            i = rest.find('>').map(|p| i + p + 1).unwrap_or(b.len());
            continue;
        }
        // A tag. A '<' that does not start a name is text (a raw "<" in a memo).
        let close = rest.starts_with("</");
        let name_start = if close { 2 } else { 1 };
        let name_len = rest[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/' || c == '<')
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            let top = *stack.last().unwrap_or(&0);
            tree.nodes[top].text.push('<');
            i += 1;
            continue;
        }
        let full_name = &rest[name_start..name_start + name_len];
        let name = full_name.rsplit(':').next().unwrap_or(full_name);
        // The tag ends at the first '>' outside quotes; a new '<' first means
        // the '>' is missing.
        let mut j = name_start + name_len;
        let mut quote: Option<u8> = None;
        let rb = rest.as_bytes();
        while j < rb.len() {
            let c = rb[j];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'>' || c == b'<' => break,
                None => {}
            }
            j += 1;
        }
        let body = &rest[name_start + name_len..j.min(rest.len())];
        let tag_end = if j < rb.len() && rb[j] == b'>' { i + j + 1 } else { i + j };
        let l = line_of(i, &mut line, &mut line_at);
        if close {
            if let Some(pos) = stack.iter().rposition(|&n| n != 0 && tree.nodes[n].name.eq_ignore_ascii_case(name)) {
                stack.truncate(pos);
            }
            // An end tag for nothing open (a leaf already closed) is ignored.
        } else {
            if is_leaf_open(&tree, &stack) {
                stack.pop();
            }
            // SGML: an aggregate never directly contains itself, so a second
            // <STMTTRN> closes a first one whose end tag is missing.
            if matches!(mode, Mode::Sgml(_)) && stack.len() > 1 && tree.nodes[*stack.last().unwrap_or(&0)].name.eq_ignore_ascii_case(name) {
                stack.pop();
            }
            let self_closing = body.trim_end().ends_with('/');
            let node = Node {
                name: name.to_string(),
                attrs: attributes(body.trim_end().trim_end_matches('/')),
                text: String::new(),
                children: vec![],
                line: l,
                offset: i as u64,
            };
            let idx = tree.nodes.len();
            tree.nodes.push(node);
            let parent = *stack.last().unwrap_or(&0);
            tree.nodes[parent].children.push(idx);
            if !self_closing {
                stack.push(idx);
            }
        }
        i = tag_end;
    }
    tree
}

fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let (val, next) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(p) => (&after[1..1 + p], &after[p + 2..]),
                None => (&after[1..], ""),
            },
            _ => {
                let p = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..p], &after[p..])
            }
        };
        let key = key.rsplit(char::is_whitespace).next().unwrap_or(key);
        let key = key.rsplit(':').next().unwrap_or(key);
        out.push((key.to_string(), unescape(val)));
        rest = next;
    }
    out
}

/// Resolves the five XML entities and numeric references; anything else,
/// including a raw `&` as banks write it in memos, stays as written.
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p..];
        // Entities are short: look for the ';' among the next few characters
        // (by character, not byte: the text may be any script).
        let semi = after.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
        let rep = semi.and_then(|e| {
            let ent = &after[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse::<u32>().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match rep {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgml_leaves_close_themselves() {
        let agg = |n: &str| matches!(n, "A" | "B");
        let t = parse("<A><X>1<Y>two & three<B><Z>z</B><W>w</W></A>", 0, Mode::Sgml(&agg));
        let a = t.kid(0, "A").unwrap();
        assert_eq!(t.text_at(a, &["X"]).as_deref(), Some("1"));
        assert_eq!(t.text_at(a, &["Y"]).as_deref(), Some("two & three"));
        assert_eq!(t.text_at(a, &["B", "Z"]).as_deref(), Some("z"));
        assert_eq!(t.text_at(a, &["W"]).as_deref(), Some("w"));
        // A missing aggregate end tag before a sibling of the same name.
        let t = parse("<A><B><Z>1<B><Z>2</A>", 0, Mode::Sgml(&agg));
        let a = t.kid(0, "A").unwrap();
        assert_eq!(t.kids(a, "B").count(), 2);
    }

    #[test]
    fn xml_attributes_prefixes_cdata() {
        let t = parse("<?xml version='1.0'?><d:Doc><Amt Ccy=\"EUR\">1.00</Amt><N><![CDATA[a<b]]></N><E/></d:Doc>", 0, Mode::Xml);
        let d = t.kid(0, "Doc").unwrap();
        let amt = t.kid(d, "Amt").unwrap();
        assert_eq!(t.attr(amt, "Ccy"), Some("EUR"));
        assert_eq!(t.text_at(d, &["N"]).as_deref(), Some("a<b"));
        assert!(t.kid(d, "E").is_some());
    }
}
