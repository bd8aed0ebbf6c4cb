#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# constraints/endpoints.py REPORT.json [NS] — the register / RAM / DSP endpoint groups whose
# arrival time is at least NS (default 38), latest first, from nextpnr's report written with
# --detailed-timing-report (e.g. make pnr FPGA_PNR_FLAGS="--timing-allow-fail
# --detailed-timing-report": build/fpga/report.json). In that report each sink's `delay` is
# already the arrival time at the pin; a LUT input of a flip-flop's own LC gets ~1.2 ns for the
# LUT. Groups are flip-flop / RAM names without the bit index (41.7 ns is the 24 MHz period).
import json, re, sys

rep = json.load(open(sys.argv[1]))
thr = float(sys.argv[2]) if len(sys.argv) > 2 else 38.0
best = {}
for net in rep.get('detailed_net_timings', []):
    for e in net['endpoints']:
        c = e['cell']
        if not (re.search(r'(_Q(_\d+)?_D_SB_LUT4_O(_\d+)?_LC|DFFLC)$', c) or c.endswith('_RAM') or c.endswith('_DSP')):
            continue
        lut = e['port'].startswith('I') and c.endswith('_LC') and 'DFFLC' not in c
        a = e['delay'] + (1.2 if lut else 0.0)
        k = re.sub(r'_SB_DFF\w*|_Q_\d+|_D_SB_LUT4.*|_DFFLC|_LC$|_RAM$|_DSP$', '', c).replace('u_core.u_core.', '')
        k = re.sub(r'\[\d+\]', '', k)
        if a > best.get(k, (0.0,))[0]:
            best[k] = (a, e['port'], net['net'])
if not best:
    sys.exit('endpoints: no detailed_net_timings in %s (run nextpnr with --detailed-timing-report)' % sys.argv[1])
for k, (a, port, net) in sorted(best.items(), key=lambda x: -x[1][0]):
    if a < thr:
        break
    print('%6.1f  %-40s %-5s %s' % (a, k[:40], port, net[:90]))
