"""Loads pages in headless Chromium (Debian's `chromium`) and reports what a browser saw.

For each page: the DOM after load (its <title>, whether any <script> or <img> is in it), every console message,
and every network request the page made (read from Chromium's net log: requests whose isolation key is the
file:// page; Chromium's own background traffic is left out). With --screenshot OUT WxH, also a PNG.
Prints one JSON object keyed by page.

usage: browse_site.py CHROMIUM WORKDIR PAGE... [--screenshot PAGE OUT WxH]...
"""
import json
import os
import re
import subprocess
import sys

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
         "--disable-extensions", "--enable-logging=stderr", "--v=0"]


def chromium(binary, workdir, page, extra, tag):
    netlog = os.path.join(workdir, f"net-{tag}.json")
    run = subprocess.run([binary, *FLAGS, f"--user-data-dir={workdir}/profile-{tag}", f"--log-net-log={netlog}", *extra,
                          "file://" + os.path.abspath(page)], capture_output=True, text=True, timeout=120)
    requests = set()
    try:
        with open(netlog, encoding="utf-8") as f:
            log = json.load(f)
        for event in log.get("events", []):
            params = event.get("params", {})
            key = params.get("network_isolation_key", "")
            if key.startswith("file://") and "url" in params:
                requests.add(params["url"])
        pending = {e.get("source", {}).get("id") for e in log.get("events", [])
                   if e.get("params", {}).get("network_isolation_key", "").startswith("file://")}
        for event in log.get("events", []):
            url = event.get("params", {}).get("url")
            if url and event.get("source", {}).get("id") in pending:
                requests.add(url)
    except (OSError, ValueError):
        requests.add("(no net log written)")
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run, sorted(u for u in requests if not u.startswith("file:")), console


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    shots = []
    pages = []
    i = 0
    while i < len(args):
        if args[i] == "--screenshot":
            shots.append(args[i + 1:i + 4])
            i += 4
        else:
            pages.append(args[i])
            i += 1
    os.makedirs(workdir, exist_ok=True)
    out = {}
    for n, page in enumerate(pages):
        run, requests, console = chromium(binary, workdir, page, ["--dump-dom"], f"p{n}")
        dom = run.stdout
        title = re.search(r"<title>(.*?)</title>", dom, re.S)
        out[page] = {"exit": run.returncode, "title": title.group(1) if title else None, "dom_bytes": len(dom),
                     "scripts": len(re.findall(r"<script\b", dom)), "images": len(re.findall(r"<img\b", dom)),
                     "svgs": len(re.findall(r"<svg\b", dom)), "requests": requests, "console": console}
    for n, (page, png, size) in enumerate(shots):
        run, requests, console = chromium(binary, workdir, page, [f"--screenshot={png}", f"--window-size={size.replace('x', ',')}"],
                                          f"s{n}")
        out[png] = {"exit": run.returncode, "bytes": os.path.getsize(png) if os.path.exists(png) else 0,
                    "requests": requests, "console": console}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
