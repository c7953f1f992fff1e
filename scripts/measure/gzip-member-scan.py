# Measures, for issue #19 item 3, what finding the gzip member boundaries of a multi-member WARC/WET.gz costs:
# inflating every member (the only exact way, what the reader does anyway) against scanning for gzip headers and
# checking that each candidate inflates to "WARC/" (docs/performance.md, "Splitting gzip inputs").
# Usage: python3 scripts/measure/gzip-member-scan.py 'sample-data/warc/*.warc.gz'
import zlib, time, glob, sys
files = sorted(glob.glob(sys.argv[1]))
data = b"".join(open(f,"rb").read() for f in files[:4]); mv = memoryview(data)
# 1) inflate member by member (what the reader does anyway): member ends are known only after inflating.
t=time.perf_counter(); pos=0; members=0; out=0
while pos < len(data):
    d = zlib.decompressobj(31); out += len(d.decompress(mv[pos:])); 
    members += 1; pos = len(data) - len(d.unused_data)
    if not d.eof: break
inflate=time.perf_counter()-t
# 2) scan for gzip headers (1f 8b 08, flags, then check the member inflates to 'WARC/' within its first bytes).
t=time.perf_counter(); cand=0; good=0; i=data.find(b'\x1f\x8b\x08')
while i >= 0:
    cand += 1
    try:
        d = zlib.decompressobj(31); head = d.decompress(data[i:i+512], 16)
        if head.startswith(b'WARC/'): good += 1
    except zlib.error: pass
    i = data.find(b'\x1f\x8b\x08', i+1)
scan=time.perf_counter()-t
print(f"{len(files[:4])} files, {len(data)/1e6:.1f} MB gz, {out/1e6:.1f} MB out, {members} members")
print(f"inflate all: {inflate:.3f} s ({len(data)/1e6/inflate:.0f} MB/s of gz)")
print(f"scan + check: {scan:.3f} s ({len(data)/1e6/scan:.0f} MB/s of gz), {cand} candidates, {good} valid member starts")
