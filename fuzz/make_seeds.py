#!/usr/bin/env python3
"""Writes the seed inputs of the fuzz targets into fuzz/seeds/TARGET/.

Each seed is a small input of our own that reaches a path hostile web input
takes: pages nested deep, WARC records whose lengths lie, gzip members cut off
or inflating far, JSONL lines that are not what they claim. Run it from the
repository's root; the files it writes are committed, so a fuzz run starts
from them (`cargo fuzz run TARGET fuzz/seeds/TARGET`).
"""

import gzip
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")

PAGE = (
    "<html><head><meta charset='utf-8'><title>Le port de Sète</title></head><body>"
    "<nav><a href='/'>Accueil</a></nav><article><h1>Le port de Sète</h1>"
    + "<p>Le port a accueilli mardi son premier navire branché au quai électrique.</p>" * 8
    + "</article><section class='comments'><h2>3 commentaires</h2><p>Bravo.</p></section>"
    "</body></html>"
).encode()


def write(target, name, data):
    os.makedirs(os.path.join(ROOT, target), exist_ok=True)
    with open(os.path.join(ROOT, target, name), "wb") as f:
        f.write(data)


def record(url, body, kind="resource", content_type="text/html", length=None):
    length = len(body) if length is None else length
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    return head + body + b"\r\n\r\n"


def response(url, payload, headers="Content-Type: text/html\r\n"):
    http = f"HTTP/1.1 200 OK\r\n{headers}\r\n".encode() + payload
    return record(url, http, kind="response", content_type="application/http; msgtype=response")


def main():
    # Web pages.
    write("html_reader", "page.html", PAGE)
    write("html_reader", "nested-b.html", b"<html><body><p>" + b"<b>" * 3000 + b"texte" + b"</b>" * 3000 + b"</p></body></html>")
    write("html_reader", "nested-div.html", b"<html><body>" + b"<div>" * 3000 + b"<p>texte</p></body></html>")
    write("html_reader", "many-attributes.html", b"<html><body><div" + b"".join(b' a%d="v"' % i for i in range(1200)) + b">texte</div></body></html>")
    write("html_reader", "many-elements.html", b"<html><body>" + b"<p>mot</p>" * 1200 + b"</body></html>")
    write("html_reader", "latin1.html", "<html><head><meta charset='iso-8859-1'></head><body><p>Un député à Sète.</p></body></html>".encode("latin-1"))
    write("html_reader", "no-text.html", b"<html><head><title>Vide</title></head><body><script>x()</script></body></html>")

    # Web archives.
    pages = [record(f"https://a.example/{i}", PAGE) for i in range(3)]
    write("warc_reader", "three.warc", b"".join(pages))
    liar = record("https://a.example/liar", PAGE, length=999999)
    write("warc_reader", "length-past-next.warc", pages[0] + liar + pages[1])
    write("warc_reader", "gzip-members.warc", b"".join(gzip.compress(p, 1) for p in pages))
    cut = gzip.compress(b"".join(pages), 1)
    write("warc_reader", "one-member-cut.warc", cut[: len(cut) * 2 // 3])
    encoded = response("https://a.example/gz", gzip.compress(PAGE, 1), "Content-Type: text/html\r\nContent-Encoding: gzip\r\n")
    write("warc_reader", "content-encoding.warc", encoded)
    chunked_body = b"%x\r\n" % len(PAGE) + PAGE + b"\r\n0\r\n\r\n"
    chunked = response("https://a.example/chunked", chunked_body, "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n")
    write("warc_reader", "chunked.warc", chunked)
    write("warc_reader", "nested-page.warc", record("https://a.example/deep", b"<html><body>" + b"<b>" * 2000 + b"x"))

    # JSONL.
    write("jsonl_reader", "records.jsonl", b'{"id":"a","text":"un texte","source":"un.fr","date":"2024-03-01"}\n{"id":"b","text":"deux","series":"x","date":2024}\n')
    write("jsonl_reader", "bad-lines.jsonl", b'{"id":"a"}\nnot json\n[1,2]\n{"id":"","text":"x"}\n{"id":"a","text":"x"}\n{"id":"a","text":"y"}\n')
    write("jsonl_reader", "odd-values.jsonl", b'{"id":"\\u00e9\\ud83d\\ude00","text":"caf\\u00e9","extra":{"deep":[[[[1]]]]},"date":null}\n\n   \n{"id":"z","text":"\\"quoted\\"","title":7}\n')
    write("jsonl_reader", "bad-utf8.jsonl", b'{"id":"a","text":"caf\xe9"}\n')


if __name__ == "__main__":
    main()
