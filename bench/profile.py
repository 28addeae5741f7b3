#!/usr/bin/env python3
"""Groups the event-loop CPU samples of a JFR recording by component, for docs/PERFORMANCE.md.

Usage:
  jfr print --json --events jdk.ExecutionSample --stack-depth 64 recording.jfr > samples.json
  bench/profile.py samples.json [thread-name-prefix [Class.method ...]]

Each sample of a thread whose name starts with the prefix (default: staticflux-http, the event loops) is
charged to the innermost frame outside the JDK: a staticflux class by name, anything else by library
(Netty's channel pipeline, codecs, buffers, Reactor Netty, Micrometer ...). Prints the share of each. Each Class.method given after the prefix (a simple class
name and a method, e.g. HttpObjectEncoder.encodeHeaders) is also reported inclusively: the share of the samples
with that method anywhere on the stack, i.e. the time spent in it and in all it calls.
The JDK 25 `jfr` tool reads recordings made by JDK 17 (JDK 17's own `jfr print` failed on some here).
Standard library only.
"""

import collections
import json
import sys

GROUPS = [
    ("dev.staticflux.", None),  # by class name
    ("reactor.netty.", "Reactor Netty"),
    ("reactor.core.", "Reactor Core"),
    ("io.netty.handler.codec.http.", "Netty HTTP codec"),
    ("io.netty.handler.codec.", "Netty codec base"),
    ("io.netty.buffer.", "Netty buffers"),
    ("io.netty.channel.epoll.", "Netty epoll transport"),
    ("io.netty.channel.", "Netty channel and pipeline"),
    ("io.netty.util.", "Netty util (promises, task queues, timers)"),
    ("io.netty.", "Netty, other"),
    ("io.micrometer.", "Micrometer"),
    ("com.github.benmanes.caffeine.", "Caffeine"),
    ("ch.qos.logback.", "Logback"),
    ("org.springframework.", "Spring"),
]
JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")


def component(class_name):
    for prefix, label in GROUPS:
        if class_name.startswith(prefix):
            return label or "staticflux " + class_name[len(prefix):]
    return "other: " + class_name


def main(path, prefix, methods):
    events = json.load(open(path))["recording"]["events"]
    counts = collections.Counter()
    within = collections.Counter()
    for event in events:
        values = event["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or ""
        if not thread.startswith(prefix) or not values.get("stackTrace"):
            continue
        charged = "JDK"
        for frame in values["stackTrace"]["frames"]:
            name = frame["method"]["type"]["name"].replace("/", ".")
            if not name.startswith(JDK):
                charged = component(name)
                break
        counts[charged] += 1
        on_stack = {
            frame["method"]["type"]["name"].replace("/", ".").rsplit(".", 1)[-1] + "." + frame["method"]["name"]
            for frame in values["stackTrace"]["frames"]
        }
        for method in methods:
            if method in on_stack:
                within[method] += 1
    total = sum(counts.values())
    if not total:
        sys.exit(f"no samples of threads named {prefix}*")
    print(f"{total} samples of {prefix}* threads")
    for name, count in counts.most_common():
        print(f"{count:6d} {100 * count / total:5.1f} %  {name}")
    for method in methods:
        print(f"{within[method]:6d} {100 * within[method] / total:5.1f} %  within {method}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "staticflux-http", sys.argv[3:])
