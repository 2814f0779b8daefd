//! A small string-keyed map kept as a vector of pairs, in insertion order.
//!
//! Assessments hold a few dozen to a few hundred entries, where a linear scan is as fast as a
//! tree, and every `BTreeMap<K, V>` instantiation adds kilobytes of generic code to the
//! browser bundle. In JSON it is an ordinary object.

use std::fmt;

use crate::json::Json;

#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for VecMap<V> {
    fn default() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }
}

impl<V> VecMap<V> {
    /// A map of pairs whose keys are already distinct (say, one per template item), without
    /// the lookup `insert` makes for each: building it is linear, not quadratic. A repeated key
    /// would shadow the later pair; callers guarantee there is none.
    pub fn from_distinct(pairs: Vec<(String, V)>) -> Self {
        debug_assert!(pairs
            .iter()
            .enumerate()
            .all(|(i, (k, _))| pairs[..i].iter().all(|(o, _)| o != k)));
        VecMap { entries: pairs }
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

    fn position(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k == key)
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Sets `key` to `value`, keeping the key's place if it was already there.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.position(&key) {
            Some(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.position(key).map(|i| self.entries.remove(i).1)
    }

    /// The value under `key`, inserted as `V::default()` first if absent.
    pub fn get_or_default(&mut self, key: &str) -> &mut V
    where
        V: Default,
    {
        let i = match self.position(key) {
            Some(i) => i,
            None => {
                self.entries.push((key.to_owned(), V::default()));
                self.entries.len() - 1
            }
        };
        &mut self.entries[i].1
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl VecMap<String> {
    /// As a JSON object of texts.
    pub fn to_json(&self) -> Json {
        Json::Obj(
            self.entries
                .iter()
                .map(|(k, v)| (k.clone(), Json::Str(v.clone())))
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
        Some(VecMap { entries })
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
