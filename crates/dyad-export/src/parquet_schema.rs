//! The Arrow schema of the flat event table and the conversion of buffered events into a
//! record batch.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
    TimestampMicrosecondArray, UInt32Array, UInt64Array, UInt8Array,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use chrono::NaiveDate;
use dyad_core::Event;

use crate::columns::{Column, Kind, Value, COLUMNS};
use crate::ExportError;

/// The schema: every column nullable, named and ordered as [`COLUMNS`].
pub(crate) fn schema() -> SchemaRef {
    let fields: Vec<Field> = COLUMNS
        .iter()
        .map(|c| Field::new(c.name, data_type(c.kind), true))
        .collect();
    Arc::new(Schema::new(fields))
}

fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::I64 => DataType::Int64,
        Kind::U8 => DataType::UInt8,
        Kind::U32 => DataType::UInt32,
        Kind::U64 => DataType::UInt64,
        Kind::F64 => DataType::Float64,
        Kind::Bool => DataType::Boolean,
        Kind::Str => DataType::Utf8,
        Kind::Date => DataType::Date32,
        Kind::Time => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        Kind::StrList => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
    }
}

/// The events as one record batch.
pub(crate) fn batch(schema: &SchemaRef, events: &[Event]) -> Result<RecordBatch, ExportError> {
    let arrays: Vec<ArrayRef> = COLUMNS.iter().map(|c| array(c, events)).collect();
    Ok(RecordBatch::try_new(schema.clone(), arrays)?)
}

/// Days from 1970-01-01 (Arrow's Date32).
fn days(d: NaiveDate) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

fn array(c: &Column, events: &[Event]) -> ArrayRef {
    let values = events.iter().map(|e| (c.get)(e));
    macro_rules! typed {
        ($variant:ident, $array:ty) => {
            Arc::new(<$array>::from_iter(values.map(|v| match v {
                Value::$variant(x) => x,
                _ => None,
            })))
        };
    }
    match c.kind {
        Kind::I64 => typed!(I64, Int64Array),
        Kind::U8 => typed!(U8, UInt8Array),
        Kind::U32 => typed!(U32, UInt32Array),
        Kind::U64 => typed!(U64, UInt64Array),
        Kind::F64 => typed!(F64, Float64Array),
        Kind::Bool => typed!(Bool, BooleanArray),
        Kind::Str => Arc::new(StringArray::from_iter(values.map(|v| match v {
            Value::Str(x) => x,
            _ => None,
        }))),
        Kind::Date => Arc::new(Date32Array::from_iter(values.map(|v| match v {
            Value::Date(x) => x.and_then(days),
            _ => None,
        }))),
        Kind::Time => Arc::new(
            TimestampMicrosecondArray::from_iter(values.map(|v| match v {
                Value::Time(x) => x.map(|t| t.and_utc().timestamp_micros()),
                _ => None,
            }))
            .with_timezone("UTC"),
        ),
        Kind::StrList => {
            let mut b = ListBuilder::new(StringBuilder::new());
            for v in values {
                if let Value::StrList(items) = v {
                    for item in items {
                        b.values().append_option(item);
                    }
                }
                b.append(true);
            }
            Arc::new(b.finish())
        }
    }
}
