//! The database the server keeps its state in (views, the archive): one
//! pool, SQLite or PostgreSQL, and the queries both read alike written once.

use sqlx::{PgPool, SqlitePool};

/// An open store's pool.
#[derive(Clone, Debug)]
pub enum Pool {
    /// A SQLite file.
    Sqlite(SqlitePool),
    /// A PostgreSQL server.
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to whichever pool is open: the queries
/// that read the same on both (numbered `$1` parameters) are written once.
macro_rules! on_pool {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            $crate::db::Pool::Sqlite($p) => $body,
            $crate::db::Pool::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_pool;
