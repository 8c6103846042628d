"""Mutants of the server's defences, each run against the test that must
catch it: `python3 scripts/server-mutants.py [name ...]` (PostgreSQL from
scripts/postgres.sh; as root, for the tmpfs of the storage test). Each
mutant is applied to the source, the test run, the source restored; a
mutant that passes is a test that cannot fail. Not in the test command
(a build per mutant: about ten minutes)."""
import subprocess, sys, os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
env=dict(os.environ)
env['AE_TEST_POSTGRES']=subprocess.check_output(['bash','scripts/postgres.sh','start']).decode().strip()
M=[
 ("proxy not matched when mapped", "crates/server/src/client.rs", "        let peer = peer.to_canonical();\n        if !self.is_trusted(peer) {", "        if !self.trusted_proxies.iter().any(|n| n.contains(&peer)) {", "a_dual_stack"),
 ("any URL scheme accepted", "crates/server/src/config.rs", 'if !matches!(url.scheme(), "http" | "https") {', 'if url.scheme().is_empty() {', "configurations"),

 ("header timer removed", "crates/server/src/serve.rs", ".timer(TokioTimer::new())", "", "slow_silent"),
 ("no per-address connection cap", "crates/server/src/serve.rs", "if *mine >= self.limits.connections_per_address {", "if *mine >= usize::MAX {", "a_connection_flood"),
 ("no IPv6 prefix", "crates/server/src/client.rs", "IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))", "IpAddr::V6(Ipv6Addr::from(u128::from(v6) | (mask & 0)))", "views_are_limited"),
 ("proxy matched only as written", "crates/server/src/client.rs", "let peer = peer.to_canonical();\n        self.trusted_proxies", "self.trusted_proxies", "a_dual_stack"),
 ("no readers-per-address cap", "crates/server/src/views.rs", "(*key, (cap - before).clamp(0, *n))", "(*key, *n + 0 * (cap - before))", "rotating"),
 ("no mapping single-flight", "crates/server/src/articles.rs", ".entry(flight_key.clone())\n            .or_default()\n            .clone();", ".entry(flight_key.clone())\n            .or_default()\n            .clone();\n        let flight: Flight = Arc::default();", "the_cms_is_asked"),
 ("no fetch failure memo", "crates/server/src/upstream.rs", ".filter(|(_, at)| now.saturating_duration_since(*at) < retry)", ".filter(|(_, at)| now.saturating_duration_since(*at) < retry && false)", "the_cms_is_asked"),
 ("no per-client mapping share", "crates/server/src/articles.rs", "let _own = own.acquire().await?;", "", "one_clients_worst"),
 ("dotfiles served", "crates/server/src/static_files.rs", "if decoded.starts_with('.') ||", "if decoded == \"..\" ||", "only_regular_files"),
 ("a feed's items matched exactly", "crates/server/src/platform.rs", "    exact_item(found, wanted)\n        || crate::spelling::spelling(found) == crate::spelling::spelling(wanted)", "    exact_item(found, wanted)", "archive:an_article_served"),
 ("the document's index ignored", "crates/server/src/articles.rs", "!keys.contains(wanted.trim())", "false && !keys.contains(wanted.trim())", "the_cms_is_asked"),
 ("a withdrawal ignored", "crates/server/src/articles.rs", "if self.removed().await.contains(&loaded.key) {", "if self.removed().await.contains(&loaded.key) && false {", "archive:an_article_served"),
 ("a CMS's 404 or 410 ignored", "crates/server/src/articles.rs", "if matches!(error, FetchError::Status(404 | 410)) {", "if matches!(error, FetchError::Status(404 | 410)) && false {", "archive:a_per_article_api"),
 ("no spelling archived", "crates/server/src/articles.rs", "                &spellings,\n            )", "                &spellings[..0],\n            )", "archive:an_article_served"),
 ("an edit not kept", "crates/server/src/archive.rs", "json = CASE WHEN archive.hash = excluded.hash THEN archive.json ELSE excluded.json END", "json = archive.json", "archive:an_article_served"),
 ("spellings: tracking parameters kept", "crates/server/src/spelling.rs", "!(name.starts_with(\"utm_\") || TRACKERS.contains(&name.as_str()))", "true", "archive:an_article_served"),
 ("the readers' pool may create the database file", "crates/server/src/views.rs", "let options = options.create_if_missing(false);", "let options = options.create_if_missing(true);", "storage:sqlite_faults"),
]
only = sys.argv[1:]
for name, path, a, b, test in M:
    if only and not any(o in name for o in only): continue
    src=open(path).read()
    assert src.count(a)==1, (name, src.count(a))
    open(path,'w').write(src.replace(a,b))
    suite, _, test = test.rpartition(':')
    try:
        r=subprocess.run(['cargo','test','-q','-p','article-embed-server','--test',suite or 'abuse','--',test],env=env,capture_output=True,text=True,timeout=900)
        out=r.stdout+r.stderr
        status = "FAILED (caught)" if r.returncode!=0 else "passed (NOT caught)"
        reason=[l for l in out.splitlines() if 'panicked' in l or 'assert' in l.lower() or 'error[' in l][:3]
        print(f"{name}: {status} {reason}", flush=True)
    finally:
        open(path,'w').write(src)
