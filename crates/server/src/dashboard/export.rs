//! The dashboard's figures for a publisher's own tools: JSON and CSV, one
//! table per file, the same token as the pages.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::stats::{self, Period};
use super::{date, today, DashboardError, DashboardState, Publisher, View};

/// A cell of a table.
enum Cell {
    Text(String),
    Number(i64),
    /// Days since 1970-01-01, written as `YYYY-MM-DD`.
    Date(i64),
}

/// A table: its columns' names and its rows.
struct Table {
    columns: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
}

/// Rows a top list gives at most through the API.
const MAX_LIMIT: i64 = 10_000;

/// `GET /dashboard/api/{table}.{json,csv}`.
pub(super) async fn file(
    State(state): State<DashboardState>,
    publisher: Result<Publisher, DashboardError>,
    Path(file): Path<String>,
    Query(view): Query<View>,
) -> Result<Response, DashboardError> {
    publisher?;
    let (name, format) = file.rsplit_once('.').ok_or(DashboardError::NotFound)?;
    if !matches!(format, "json" | "csv") {
        return Err(DashboardError::NotFound);
    }
    let period = view.period(today())?;
    let limit = view.limit.unwrap_or(stats::TOP).clamp(1, MAX_LIMIT);
    let key = || {
        view.key.as_deref().ok_or_else(|| {
            DashboardError::BadRequest("this table is an article's: give its key".to_owned())
        })
    };
    let pool = &state.pool;
    let table = match name {
        "days" => days(stats::days(pool, period).await?),
        "articles" => articles(stats::top_articles(pool, period, limit).await?),
        "partners" => partners(stats::top_partners(pool, period, limit).await?),
        "article-days" => days(stats::article_days(pool, key()?, period).await?),
        "article-partners" => partners(stats::article_partners(pool, key()?, period).await?),
        _ => return Err(DashboardError::NotFound),
    };
    Ok(match format {
        "csv" => {
            let filename = format!("{name}-{}-{}.csv", date(period.from), date(period.to));
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{filename}\""),
                    ),
                ],
                csv(&table),
            )
                .into_response()
        }
        _ => axum::Json(json(&table, period)).into_response(),
    })
}

fn days(rows: Vec<stats::DayViews>) -> Table {
    Table {
        columns: &["date", "views"],
        rows: rows
            .into_iter()
            .map(|r| vec![Cell::Date(r.day), Cell::Number(r.views)])
            .collect(),
    }
}

fn articles(rows: Vec<stats::ArticleViews>) -> Table {
    Table {
        columns: &["article", "title", "url", "views"],
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    Cell::Text(r.article),
                    Cell::Text(r.title.unwrap_or_default()),
                    Cell::Text(r.url.unwrap_or_default()),
                    Cell::Number(r.views),
                ]
            })
            .collect(),
    }
}

fn partners(rows: Vec<stats::PartnerViews>) -> Table {
    Table {
        columns: &["partner", "views", "first_date", "last_date"],
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    Cell::Text(r.partner),
                    Cell::Number(r.views),
                    Cell::Date(r.first_day),
                    Cell::Date(r.last_day),
                ]
            })
            .collect(),
    }
}

fn json(table: &Table, period: Period) -> Value {
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let fields = table.columns.iter().zip(row).map(|(column, cell)| {
                let value = match cell {
                    Cell::Text(text) => Value::from(text.as_str()),
                    Cell::Number(n) => Value::from(*n),
                    Cell::Date(day) => Value::from(date(*day)),
                };
                ((*column).to_owned(), value)
            });
            Value::Object(fields.collect::<Map<_, _>>())
        })
        .collect::<Vec<_>>();
    serde_json::json!({ "from": date(period.from), "to": date(period.to), "rows": rows })
}

/// RFC 4180: a header line, then a line per row, CRLF; a field with a
/// comma, a quote or a line break is quoted. Text a spreadsheet would run
/// as a formula (`=`, `+`, `-`, `@`, a tab or CR first) gets a `'` before
/// it: titles and origins are what CMSs and browsers sent.
fn csv(table: &Table) -> String {
    let mut out = table.columns.join(",");
    out.push_str("\r\n");
    for row in &table.rows {
        let fields: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Number(n) => n.to_string(),
                Cell::Date(day) => date(*day),
                Cell::Text(text) => csv_text(text),
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_text(text: &str) -> String {
    let inert = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if inert.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", inert.replace('"', "\"\""))
    } else {
        inert
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_it_must_and_disarms_formulas() {
        let table = Table {
            columns: &["article", "views", "date"],
            rows: vec![
                vec![
                    Cell::Text("news\nhttps://p.example/a,b".into()),
                    Cell::Number(3),
                    Cell::Date(0),
                ],
                vec![
                    Cell::Text("=HYPERLINK(\"x\")".into()),
                    Cell::Number(-1),
                    Cell::Date(19_000),
                ],
                vec![Cell::Text("plain".into()), Cell::Number(0), Cell::Date(1)],
            ],
        };
        assert_eq!(
            csv(&table),
            "article,views,date\r\n\"news\nhttps://p.example/a,b\",3,1970-01-01\r\n\
             \"'=HYPERLINK(\"\"x\"\")\",-1,2022-01-08\r\nplain,0,1970-01-02\r\n"
        );
    }
}
