//! The text of a reform's fields: a string of its own, or a range of a text shared by a
//! whole catalog. A catalog read from the cache holds all its fields' text in one buffer
//! (one allocation for 100,000 reforms instead of 600,000), and each field names its range
//! of it.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field's text; reads as a `&str`. 16 bytes: the text it is part of, and where.
#[derive(Clone)]
pub struct Text {
    /// A whole string of its own, or a catalog's shared text.
    text: Arc<String>,
    /// `text[start..end]`, where both ends are char boundaries.
    start: u32,
    end: u32,
}

impl Text {
    /// `text[range]`, or None when the range is outside it or cuts a character.
    pub fn shared(text: &Arc<String>, start: usize, end: usize) -> Option<Text> {
        text.get(start..end)?;
        Some(Text {
            text: Arc::clone(text),
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    }

    /// Each of `names` as a text of its own.
    pub fn all(names: Vec<String>) -> Vec<Text> {
        names.into_iter().map(Text::from).collect()
    }

    /// Whether the two are parts of the same text (as the fields of a cached catalog are).
    pub fn shares_text_with(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.text, &other.text)
    }

    pub fn as_str(&self) -> &str {
        &self.text[self.start as usize..self.end as usize]
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from(String::new())
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    /// A text of its own. A field is at most `catalog::MAX_FIELD_BYTES`, far below the 4 GiB
    /// a range can name; a longer string is cut at the last character that fits.
    fn from(mut s: String) -> Text {
        let mut end = s.len().min(u32::MAX as usize);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        Text {
            text: Arc::new(s),
            start: 0,
            end: end as u32,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::from(s.to_owned())
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::from(s.as_str())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        if t.start == 0 && t.end as usize == t.text.len() {
            return Arc::try_unwrap(t.text).unwrap_or_else(|text| text.as_ref().clone());
        }
        t.as_str().to_owned()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_shared_range_reads_and_compares_as_its_string() {
        let all = Arc::new("数据跨境全市".to_string());
        let shared = Text::shared(&all, 0, "数据跨境".len()).unwrap();
        let owned = Text::from("数据跨境");
        assert_eq!(shared, owned);
        assert_eq!(shared.as_str(), "数据跨境");
        assert_eq!(&*shared, "数据跨境");
        assert!(shared == "数据跨境");
        assert!("数据跨境" == shared);
        assert_eq!(shared.to_string(), "数据跨境");
        assert_eq!(format!("{shared:?}"), "\"数据跨境\"");
        assert_eq!(String::from(shared.clone()), "数据跨境");
        assert!(!shared.shares_text_with(&owned));
        assert!(shared.shares_text_with(&Text::shared(&all, 0, 3).unwrap()));
        assert_eq!(std::mem::size_of::<Text>(), 16);
        let mut counts: HashMap<Text, u32> = HashMap::new();
        *counts.entry(shared.clone()).or_default() += 1;
        *counts.entry(owned.clone()).or_default() += 1;
        assert_eq!(
            counts.get("数据跨境"),
            Some(&2),
            "one key, looked up by &str"
        );
        let rest = Text::shared(&all, "数据跨境".len(), all.len()).unwrap();
        assert_eq!(rest, "全市");
        assert_eq!(shared.cmp(&rest), "数据跨境".cmp("全市"));
        assert_eq!(shared.cmp(&owned), std::cmp::Ordering::Equal);
        assert_eq!(serde_json::to_string(&shared).unwrap(), "\"数据跨境\"");
        let back: Text = serde_json::from_str("\"数据跨境\"").unwrap();
        assert_eq!(back, shared);
    }

    #[test]
    fn a_range_outside_the_text_or_inside_a_character_is_refused() {
        let all = Arc::new("数据".to_string());
        assert!(Text::shared(&all, 0, 1).is_none(), "cuts 数");
        assert!(Text::shared(&all, 1, 3).is_none(), "starts inside 数");
        assert!(Text::shared(&all, 3, 7).is_none(), "past the end");
        assert!(Text::shared(&all, 3, 2).is_none(), "backwards");
        assert_eq!(Text::shared(&all, 3, 3).unwrap(), "");
        assert_eq!(Text::shared(&all, 0, 6).unwrap(), "数据");
    }
}
