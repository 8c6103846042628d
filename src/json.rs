//! A minimal JSON value for the article contract.
//!
//! In the browser, text is parsed by the engine's own `JSON.parse` and walked
//! into [`Json`]; that keeps a JSON library (~10 KB brotli) out of the wasm.
//! Native builds (tests, tools) parse with serde_json instead.

/// A parsed JSON value. Objects keep their keys in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(JsonObject),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct JsonObject(pub Vec<(String, Json)>);

impl JsonObject {
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Nesting deeper than this is cut off (becomes `null`); no article needs it.
pub const MAX_DEPTH: usize = 64;

impl Json {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&JsonObject> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.get(key)
    }

    /// How a partner would name this type in an error message.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Parses JSON text; the error is the parser's own description.
pub fn parse(text: &str) -> Result<Json, String> {
    imp::parse(text)
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::{Json, JsonObject, MAX_DEPTH};
    use wasm_bindgen::JsCast;

    pub fn parse(text: &str) -> Result<Json, String> {
        let value = js_sys::JSON::parse(text).map_err(|e| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "unreadable JSON".to_owned())
        })?;
        Ok(walk(&value, 0))
    }

    fn walk(value: &wasm_bindgen::JsValue, depth: usize) -> Json {
        if depth > MAX_DEPTH || value.is_null() || value.is_undefined() {
            return Json::Null;
        }
        if let Some(b) = value.as_bool() {
            return Json::Bool(b);
        }
        if let Some(n) = value.as_f64() {
            return Json::Number(n);
        }
        if let Some(s) = value.as_string() {
            return Json::String(s);
        }
        if let Some(array) = value.dyn_ref::<js_sys::Array>() {
            return Json::Array(array.iter().map(|v| walk(&v, depth + 1)).collect());
        }
        let Some(object) = value.dyn_ref::<js_sys::Object>() else {
            return Json::Null;
        };
        let entries = js_sys::Object::entries(object)
            .iter()
            .filter_map(|entry| {
                let pair = entry.dyn_into::<js_sys::Array>().ok()?;
                Some((pair.get(0).as_string()?, walk(&pair.get(1), depth + 1)))
            })
            .collect();
        Json::Object(JsonObject(entries))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::{Json, JsonObject, MAX_DEPTH};

    pub fn parse(text: &str) -> Result<Json, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Ok(convert(&value, 0))
    }

    fn convert(value: &serde_json::Value, depth: usize) -> Json {
        use serde_json::Value;
        if depth > MAX_DEPTH {
            return Json::Null;
        }
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => n.as_f64().map_or(Json::Null, Json::Number),
            Value::String(s) => Json::String(s.clone()),
            Value::Array(a) => Json::Array(a.iter().map(|v| convert(v, depth + 1)).collect()),
            Value::Object(o) => Json::Object(JsonObject(
                o.iter()
                    .map(|(k, v)| (k.clone(), convert(v, depth + 1)))
                    .collect(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reads() {
        let v = parse(r#"{"a": [1, "x", null, true], "b": {"c": 2.5}}"#).unwrap();
        assert_eq!(
            v.get("a").and_then(Json::as_array).map(<[Json]>::len),
            Some(4)
        );
        assert_eq!(
            v.get("b").and_then(|b| b.get("c")).and_then(Json::as_f64),
            Some(2.5)
        );
        assert_eq!(v.get("missing"), None);
        assert!(parse("{").is_err());
    }

    #[test]
    fn deep_nesting_is_cut_off_not_recursed_forever() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        // serde_json itself refuses past 128 levels; up to that we cut at MAX_DEPTH.
        let v = parse(&deep).unwrap();
        let mut depth = 0;
        let mut cur = &v;
        while let Some([inner, ..]) = cur.as_array() {
            cur = inner;
            depth += 1;
        }
        assert!(depth <= MAX_DEPTH + 1);
    }
}
