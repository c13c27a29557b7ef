vcl 4.1;
#
# Varnish in front of Candle (Debian: apt-get install varnish varnish-modules).
#
# Candle says what may be cached and for how long (Cache-Control), and which content each page
# shows (Surrogate-Key: "article:42 country:mx latest"). This file honours both: a page is kept for
# max-age, served stale while it is fetched again for stale-while-revalidate, and served stale for
# stale-if-error while Candle is down; and it is dropped the moment Candle purges one of its keys
# (CDN_PURGE=varnish:http://127.0.0.1:6081, which sends "PURGE /" with an "xkey" header).
#
# Set the backend's address to where Candle listens (HOST, PORT). See docs/architecture.md,
# "Putting a cache in front".

import std;
import xkey;

backend candle {
    .host = "127.0.0.1";
    .port = "3000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # Health decides how long stale pages may be served (vcl_hit): only a sick Candle gets the
    # whole stale-if-error window.
    .probe = {
        .url = "/healthz";
        .interval = 3s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
        # Start healthy: otherwise every request fails until the first probes come back.
        .initial = 3;
    }
}

# Who may purge. Candle's purge jobs run on this machine. If a TLS terminator on this machine
# forwards readers to Varnish, accept its connections with the PROXY protocol
# (varnishd -a 127.0.0.1:6086,PROXY) so client.ip is the reader's address, not 127.0.0.1.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "PURGE needs an xkey header: the content keys to drop"));
        }
        # "*" is Candle's key for everything (a demo reload): xkey cannot list every object, a
        # ban can. It tests only obj.*, so the ban lurker clears it in the background.
        if (req.http.xkey ~ "(^|[\s,])\*([\s,]|$)") {
            if (std.ban("obj.status != 0")) {
                return (synth(200, "Banned everything"));
            }
            return (synth(500, "Ban failed: " + std.ban_error()));
        }
        # A hard purge, not xkey.softpurge: a corrected page (a wrong name, a location that puts
        # someone at risk) must not be served even once more while the new one is fetched.
        return (synth(200, "Purged " + xkey.purge(req.http.xkey) + " objects"));
    }

    # Only the first pass through vcl_recv may decide this; a reader cannot send it (vcl_hit).
    if (req.restarts == 0) {
        unset req.http.X-Candle-Revalidate;
        # Varnish appended the reader's address to whatever X-Forwarded-For the reader sent, and
        # Candle (TRUST_PROXY=true) believes the first entry: replace it, so a reader cannot pick
        # the address its login attempts are counted under. Behind a CDN, use the CDN's header
        # for the reader's address instead (and let only the CDN reach Varnish).
        set req.http.X-Forwarded-For = client.ip;
    } else if (req.http.X-Candle-Revalidate) {
        set req.grace = 0s;
    }

    # Staff: the admin is personal and answers "no-store"; the session cookie (path /admin) is
    # never sent elsewhere by a browser, but a request carrying it is passed wherever it goes.
    if (req.http.Cookie ~ "(^|;\s*)candle_session=" || req.url ~ "^/admin(/|\?|$)") {
        return (pass);
    }
    # Public pages read no cookie. A stray one (set by something else on the domain) must not make
    # its reader bypass the cache, which is what the built-in VCL does for any Cookie.
    unset req.http.Cookie;

    # Tracking parameters added to shared links (utm_*, fbclid, gclid) change nothing on the page:
    # without them a widely shared story is one object, not one per share. Candle gets the clean
    # address too.
    if (req.url ~ "(?i)[?&](utm_[^=&]*|fbclid|gclid)(=|&|$)") {
        set req.url = regsuball(req.url, "(?i)(?<=[?&])(utm_[^=&]*|fbclid|gclid)(=[^&]*)?(&|$)", "");
        set req.url = regsub(req.url, "[?&]$", "");
    }

    # Candle compresses its pages itself (Brotli or gzip, each made once and kept with the page)
    # and varies on Accept-Encoding. Browsers send dozens of spellings of it; three values keep at
    # most three objects per page, each as Candle made it: Brotli for the browsers that take it
    # (a fifth smaller than gzip), gzip, and the plain bytes. Varnish's own gzip handling would ask
    # Candle for gzip alone and unzip it for every client without gzip: in a profile, 43 % of
    # Varnish's time went to inflate and crc32 for such clients (docs/benchmarks.md).
    # (An encoding with q=0 is one the client refuses.)
    if (req.http.Accept-Encoding ~ "(?i)\bbr\b(?!\s*;\s*q=0(\.0*)?(\s|,|$))") {
        set req.http.Accept-Encoding = "br";
    } else if (req.http.Accept-Encoding ~ "(?i)\bgzip\b(?!\s*;\s*q=0(\.0*)?(\s|,|$))") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }
    set req.http.X-Candle-Encoding = req.http.Accept-Encoding;

    # The built-in rules follow: only GET and HEAD are looked up, Authorization passes.
}

sub vcl_hit {
    # obj.ttl < 0 is a stale copy, kept in grace up to stale-if-error (vcl_backend_response).
    # Candle allows serving it while a fresh one is fetched only for stale-while-revalidate past
    # max-age; later than that only while Candle is down. Otherwise look up again without grace,
    # which fetches the page and makes this reader wait for it.
    if (obj.ttl < 0s && std.healthy(req.backend_hint) &&
        obj.ttl + std.duration(obj.http.X-Candle-SWR + "s", 0s) <= 0s) {
        set req.http.X-Candle-Revalidate = "1";
        return (restart);
    }
}

sub vcl_hash {
    # One object per encoding. Varnish's gzip handling runs after vcl_recv and reduces
    # Accept-Encoding to gzip or nothing, and then matches Vary as if every object could be
    # unzipped for anyone: a Brotli copy would reach a gzip client. The encoding in the hash keeps
    # the three apart; the built-in vcl_hash (the address and host) follows.
    hash_data(req.http.X-Candle-Encoding);
}

sub vcl_backend_fetch {
    # Ask Candle for the encoding the reader takes (see vcl_recv), not Varnish's gzip.
    if (bereq.http.X-Candle-Encoding) {
        set bereq.http.Accept-Encoding = bereq.http.X-Candle-Encoding;
    } else {
        unset bereq.http.Accept-Encoding;
    }
    unset bereq.http.X-Candle-Encoding;
}

sub vcl_backend_response {
    # A background refresh that failed: keep serving the stale copy instead of the error.
    if (bereq.is_bgfetch && beresp.status >= 500) {
        return (abandon);
    }
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Never keep an answer that sets a cookie (a login, a session ended), nor anything for /admin
    # (which arrives here only if the URL was spelled so as to escape vcl_recv's test).
    if (beresp.http.Set-Cookie || bereq.url ~ "^/admin(/|\?|$)") {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # Only what Candle marked cacheable is kept: an answer without Cache-Control (a redirect) has
    # no content keys, so no purge could reach it.
    if (!beresp.http.Cache-Control) {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }

    # Index the object by Candle's content keys, which xkey reads from its own header.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }

    # Varnish has taken the ttl from max-age and the grace from stale-while-revalidate. Remember
    # the latter for vcl_hit, then stretch grace to stale-if-error so a page outlives an outage.
    set beresp.http.X-Candle-SWR = beresp.grace;
    if (beresp.http.Cache-Control ~ "(?i)stale-if-error=[0-9]+") {
        if (std.duration(regsub(beresp.http.Cache-Control, "(?i)^.*stale-if-error=([0-9]+).*$", "\1s"), 0s) > beresp.grace) {
            set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, "(?i)^.*stale-if-error=([0-9]+).*$", "\1s"), 0s);
        }
    }
    # The built-in rules follow: no-store, private and Vary: * are never kept.
}

sub vcl_backend_error {
    # Candle unreachable during a background refresh: the stale copy stays in service.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    # Surrogate-Key is addressed to caches (Edge Architecture 1.0): readers have no use for it,
    # it adds a few hundred bytes to every page, and it tells anyone which items a page is built
    # from. Keep it only if another cache (a CDN) sits in front of this Varnish and purges by it.
    unset resp.http.Surrogate-Key;
    unset resp.http.xkey;
    unset resp.http.X-Candle-SWR;
}
