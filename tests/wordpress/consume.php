<?php
// WordPress's own oEmbed consumer, run on an answer of ours: the code a
// WordPress post runs when an editor pastes an article's URL, without a web
// server or a database (Debian's `wordpress` package, unpacked by
// scripts/setup.sh --tests into target/wordpress).
//   php tests/wordpress/consume.php <wordpress root> <article URL> < answer.json
// Prints what WordPress keeps of the answer's html (data2html, then
// wp_filter_oembed_result: kses, the secret, the sandbox), or "false".
error_reporting(E_ALL & ~E_DEPRECATED & ~E_NOTICE & ~E_WARNING);
$root = rtrim($argv[1], '/') . '/';
define('ABSPATH', $root);
define('WPINC', 'wp-includes');
// What wp-settings.php would define; no database is touched.
$GLOBALS['wp_version'] = '6.1';
foreach (['load.php', 'plugin.php', 'functions.php', 'formatting.php', 'kses.php', 'pluggable.php', 'class-wp-oembed.php', 'embed.php', 'http.php'] as $file) {
    require_once ABSPATH . WPINC . '/' . $file;
}
// The consuming site's own address (link-template.php would read it from
// the database).
function home_url($path = '') { return 'https://partner.example' . $path; }
$data = json_decode(stream_get_contents(STDIN));
$url = $argv[2];
$oembed = _wp_oembed_get_object();
$html = $oembed->data2html($data, $url);
$kept = wp_filter_oembed_result($html, $data, $url);
echo $kept === false ? 'false' : $kept;
