//! A string-keyed map kept as a vector of pairs, in insertion order.
//!
//! Assessments hold a few dozen to a few hundred entries, and every `BTreeMap<K, V>`
//! instantiation adds kilobytes of generic code to the browser bundle. A small map is
//! scanned; past [`SCAN`] entries one non-generic hash index (the same code for every `V`)
//! finds a key, so a file of a hundred thousand answers is read in linear time, not
//! quadratic. In JSON it is an ordinary object.

use std::collections::HashMap;
use std::fmt;

use crate::json::Json;

/// Entries up to which a linear scan is used and no index is kept.
const SCAN: usize = 16;

/// The keys, in order, and their index: not generic, so one copy of this code serves every
/// `VecMap<V>` in the bundle.
#[derive(Clone, Default)]
struct Keys {
    list: Vec<String>,
    /// Position of each key, kept only once there are more than [`SCAN`] keys.
    index: HashMap<String, usize>,
}

impl Keys {
    fn position(&self, key: &str) -> Option<usize> {
        if self.list.len() > SCAN {
            self.index.get(key).copied()
        } else {
            self.list.iter().position(|k| k == key)
        }
    }

    /// Appends a key known to be absent; its position.
    fn push(&mut self, key: String) -> usize {
        let at = self.list.len();
        self.list.push(key);
        if at >= SCAN {
            if self.index.len() == at {
                self.index.insert(self.list[at].clone(), at);
            } else {
                self.reindex();
            }
        }
        at
    }

    /// Removing is linear anyway (the keys after it move up), so the index is made anew.
    fn remove(&mut self, i: usize) {
        self.list.remove(i);
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index.clear();
        if self.list.len() > SCAN {
            for (i, k) in self.list.iter().enumerate() {
                self.index.insert(k.clone(), i);
            }
        }
    }
}

#[derive(Clone)]
pub struct VecMap<V> {
    keys: Keys,
    /// The value of each key, in the keys' order.
    values: Vec<V>,
}

impl<V> Default for VecMap<V> {
    fn default() -> Self {
        VecMap {
            keys: Keys::default(),
            values: Vec::new(),
        }
    }
}

impl<V: PartialEq> PartialEq for VecMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.keys.list == other.keys.list && self.values == other.values
    }
}

impl<V: Eq> Eq for VecMap<V> {}

impl<V> VecMap<V> {
    /// A map of pairs; a repeated key replaces the earlier value, as in a map.
    pub fn from_distinct(pairs: Vec<(String, V)>) -> Self {
        pairs.into_iter().collect()
    }
}

impl<V> FromIterator<(String, V)> for VecMap<V> {
    /// Later pairs replace earlier ones with the same key, as in a map.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(pairs: I) -> Self {
        let mut map = VecMap::new();
        for (k, v) in pairs {
            map.insert(k, v);
        }
        map
    }
}

impl<V: fmt::Debug> fmt::Debug for VecMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> VecMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.keys.position(key).map(|i| &self.values[i])
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.keys.position(key).map(|i| &mut self.values[i])
    }

    /// Sets `key` to `value`, keeping the key's place if it was already there.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.keys.position(&key) {
            Some(i) => Some(std::mem::replace(&mut self.values[i], value)),
            None => {
                self.keys.push(key);
                self.values.push(value);
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let i = self.keys.position(key)?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    /// The value under `key`, inserted as `V::default()` first if absent.
    pub fn get_or_default(&mut self, key: &str) -> &mut V
    where
        V: Default,
    {
        let i = match self.keys.position(key) {
            Some(i) => i,
            None => {
                self.values.push(V::default());
                self.keys.push(key.to_owned())
            }
        };
        &mut self.values[i]
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.keys
            .list
            .iter()
            .map(String::as_str)
            .zip(self.values.iter())
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.values.iter()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl VecMap<String> {
    /// As a JSON object of texts.
    pub fn to_json(&self) -> Json {
        Json::Obj(
            self.iter()
                .map(|(k, v)| (k.to_owned(), Json::Str(v.clone())))
                .collect(),
        )
    }

    /// From a JSON object of texts; `None` when it is not one.
    pub fn from_json(value: &Json) -> Option<VecMap<String>> {
        let Json::Obj(fields) = value else {
            return None;
        };
        let entries = fields
            .iter()
            .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .collect::<Option<Vec<_>>>()?;
        Some(VecMap::from_distinct(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::VecMap;

    #[test]
    fn behaves_as_a_map_in_insertion_order() {
        let mut m = VecMap::new();
        assert_eq!(m.insert("b".into(), 1), None);
        assert_eq!(m.insert("a".into(), 2), None);
        assert_eq!(m.insert("b".into(), 3), Some(1));
        *m.get_or_default("c") += 5;
        assert_eq!(
            m.iter().collect::<Vec<_>>(),
            [("b", &3), ("a", &2), ("c", &5)]
        );
        assert_eq!(m.remove("a"), Some(2));
        assert_eq!(m.get("a"), None);
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn a_large_map_finds_every_key_through_its_index() {
        let mut m: VecMap<usize> = (0..1000).map(|i| (format!("k{i}"), i)).collect();
        assert_eq!(m.len(), 1000);
        assert!((0..1000).all(|i| m.get(&format!("k{i}")) == Some(&i)));
        assert_eq!(
            m.insert("k5".into(), 7),
            Some(5),
            "a repeated key replaces in place"
        );
        assert_eq!(m.iter().nth(5), Some(("k5", &7)));
        assert_eq!(m.remove("k0"), Some(0));
        assert_eq!(m.get("k0"), None);
        assert_eq!(
            m.get("k999"),
            Some(&999),
            "positions after a removal still found"
        );
        assert_eq!(m.iter().next(), Some(("k1", &1)));
        while m.len() > 3 {
            let first = m
                .iter()
                .next()
                .map(|(k, _)| k.to_owned())
                .unwrap_or_default();
            m.remove(&first);
        }
        assert_eq!(m.get("k999"), Some(&999), "back under a scan");
        *m.get_or_default("new") += 1;
        assert_eq!(m.get("new"), Some(&1));
        let twice = VecMap::from_distinct(vec![("a".into(), 1), ("a".into(), 2)]);
        assert_eq!((twice.len(), twice.get("a")), (1, Some(&2)));
    }

    #[test]
    fn is_a_json_object_of_texts() -> Result<(), crate::json::JsonError> {
        use crate::json::Json;
        let v = Json::parse(r#"{"x": "1", "y": "два"}"#)?;
        let m = VecMap::from_json(&v).expect("an object of texts");
        assert_eq!(m.to_json().text(), r#"{"x":"1","y":"два"}"#);
        assert!(VecMap::from_json(&Json::parse(r#"{"x": 1}"#)?).is_none());
        assert!(Json::parse(r#"{"x": "1", "x": "2"}"#).is_err());
        Ok(())
    }
}
