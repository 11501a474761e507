//! One value type for both backends: what the store binds as a parameter and reads back from a
//! row. SQLite's five storage classes are the model; PostgreSQL values are converted to and from
//! them by the column's or parameter's declared type, so the same Rust code reads `count(*)`
//! (`bigint`), `sum(...)` (`numeric`) and a `REAL` column on either backend.

use std::error::Error;

use postgres::types::{FromSql, IsNull, ToSql, Type};
use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::StoreError;

/// A bound parameter or a column value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// An integer value (a whole real counts); anything else is [`StoreError::Type`].
    pub fn as_int(&self) -> Result<i64, StoreError> {
        match self {
            Value::Integer(v) => Ok(*v),
            Value::Real(v) if v.fract() == 0.0 => Ok(*v as i64),
            other => Err(StoreError::Type(format!(
                "expected an integer, found {other:?}"
            ))),
        }
    }

    /// A count: an integer, negative values read as 0.
    pub fn as_count(&self) -> Result<u64, StoreError> {
        Ok(self.as_int()?.max(0) as u64)
    }
}

/// Conversion into a [`Value`] by reference, so `args![a.id, a.url, 3]` borrows nothing.
pub(crate) trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

macro_rules! integer_values {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
integer_values!(i64, i32, u8, u32, u64, usize);

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}

impl ToValue for f32 {
    fn to_value(&self) -> Value {
        Value::Real(f64::from(*self))
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

/// `args![a, b, c]`: an array of bound parameters, `[Value; 3]`.
macro_rules! args {
    ($($e:expr),* $(,)?) => {
        [$($crate::db::ToValue::to_value(&$e)),*]
    };
}
pub(crate) use args;

// --- SQLite ---

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

impl From<ValueRef<'_>> for Value {
    fn from(v: ValueRef<'_>) -> Value {
        match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

// --- PostgreSQL ---

type BoxError = Box<dyn Error + Sync + Send>;

fn mismatch(value: &Value, ty: &Type) -> BoxError {
    format!("cannot bind {value:?} to a parameter of type {ty}").into()
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => integer_to_sql(*i, ty, out).ok_or_else(|| mismatch(self, ty))?,
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Text(s) => match *ty {
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                Type::JSONB => {
                    // jsonb's binary form: a version byte, then the JSON text.
                    out.extend_from_slice(&[1]);
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                _ => s.as_str().to_sql(&Type::TEXT, out),
            },
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// An integer bound to whatever integer, float, boolean or text type the server expects.
fn integer_to_sql(
    i: i64,
    ty: &Type,
    out: &mut bytes::BytesMut,
) -> Option<Result<IsNull, BoxError>> {
    Some(match *ty {
        Type::INT8 => i.to_sql(ty, out),
        Type::INT4 => i32::try_from(i).ok()?.to_sql(ty, out),
        Type::INT2 => i16::try_from(i).ok()?.to_sql(ty, out),
        Type::FLOAT8 => (i as f64).to_sql(ty, out),
        Type::BOOL => (i != 0).to_sql(ty, out),
        Type::TEXT | Type::VARCHAR => i.to_string().as_str().to_sql(ty, out),
        _ => return None,
    })
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Value, BoxError> {
        Ok(match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            _ => Value::Text(String::from_utf8_lossy(raw).into_owned()),
        })
    }

    fn from_sql_null(_: &Type) -> Result<Value, BoxError> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Decodes PostgreSQL's binary `numeric` (base-10000 digits): an integer when it has no
/// fractional digits and fits, else the nearest `f64` (what `sum` and `avg` return).
fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let word = |i: usize| -> Result<u16, BoxError> {
        raw.get(i..i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "truncated numeric".into())
    };
    let (ndigits, weight, sign, scale) = (word(0)?, word(2)? as i16, word(4)?, word(6)?);
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let negative = sign == 0x4000;
    let mut real = 0f64;
    let mut exact: Option<i128> = Some(0);
    for k in 0..usize::from(ndigits) {
        let digit = word(8 + 2 * k)?;
        let power = i32::from(weight) - k as i32;
        real += f64::from(digit) * 10_000f64.powi(power);
        exact = match (exact, u32::try_from(power)) {
            (Some(acc), Ok(p)) if p < 5 => acc.checked_add(i128::from(digit) * 10_000i128.pow(p)),
            (acc, _) if digit == 0 => acc,
            _ => None,
        };
    }
    let exact = exact
        .filter(|_| scale == 0)
        .and_then(|v| i64::try_from(v).ok());
    Ok(match exact {
        Some(v) => Value::Integer(if negative { -v } else { v }),
        None => Value::Real(if negative { -real } else { real }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(weight: i16, sign: u16, scale: u16, digits: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        for w in [digits.len() as u16, weight as u16, sign, scale] {
            out.extend(w.to_be_bytes());
        }
        for d in digits {
            out.extend(d.to_be_bytes());
        }
        out
    }

    #[test]
    fn numerics_decode_to_integers_or_reals() {
        // 1234 5678 = 12345678
        assert_eq!(
            numeric(&encoded(1, 0, 0, &[1234, 5678])).unwrap(),
            Value::Integer(12_345_678)
        );
        assert_eq!(
            numeric(&encoded(0, 0x4000, 0, &[42])).unwrap(),
            Value::Integer(-42)
        );
        // 2.5 = digit 2 at weight 0, 5000 at weight -1.
        assert_eq!(
            numeric(&encoded(0, 0, 1, &[2, 5000])).unwrap(),
            Value::Real(2.5)
        );
        assert_eq!(numeric(&encoded(0, 0, 0, &[])).unwrap(), Value::Integer(0));
        assert!(numeric(&[0, 1]).is_err());
    }

    #[test]
    fn args_borrow_and_convert() {
        let url: Option<String> = None;
        let id = String::from("a");
        let v = args![id, url, 3usize, true, 1.5, "x"];
        assert_eq!(
            v,
            [
                Value::Text("a".into()),
                Value::Null,
                Value::Integer(3),
                Value::Integer(1),
                Value::Real(1.5),
                Value::Text("x".into()),
            ]
        );
        assert_eq!(id, "a");
    }
}
