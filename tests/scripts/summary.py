#!/usr/bin/env python3
"""Counts the results in trx files (dotnet test's logger).

    summary.py FILE.trx...

Prints "PASSED FAILED SKIPPED" on stdout and the failed tests' names (the first
50) on stderr. A trx file that does not parse counts as one failure."""
import sys
import xml.etree.ElementTree as ET
passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print("warning: cannot parse %s: %s" % (path, e), file=sys.stderr)
        failed += 1
        continue
    ns = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    results = root.find(ns + "Results")
    items = list(results.findall(ns + "UnitTestResult")) if results is not None else []
    if items:
        for r in items:  # top-level results only (data rows nest as InnerResults)
            o = r.get("outcome", "")
            if o == "Passed":
                passed += 1
            elif o in ("NotExecuted", "Inconclusive", "Pending", "NotRunnable", "Disconnected"):
                skipped += 1
            else:
                failed += 1
                failures.append(r.get("testName", "?"))
    else:
        c = root.find("%sResultSummary/%sCounters" % (ns, ns))
        if c is not None:
            g = lambda k: int(c.get(k, "0") or 0)
            passed += g("passed")
            failed += g("failed") + g("error") + g("timeout") + g("aborted")
            skipped += g("notExecuted") + g("inconclusive")
for name in failures[:50]:
    print("  failed: " + name, file=sys.stderr)
if len(failures) > 50:
    print("  ... and %d more failed" % (len(failures) - 50), file=sys.stderr)
print("%d %d %d" % (passed, failed, skipped))
