"""Shrink the ICU data library that PySide6's Linux wheels ship (libicudata.so.NN, 31 MiB).

Qt links ICU for collation (QCollator), text boundaries, time-zone names and extra text codecs.
A Chinese newsroom's desktop needs the root, English and Chinese locale data, the Chinese word
dictionary, collation for zh/en and the Chinese/Western codecs; not 800 other locales,
transliteration, or the Japanese, Korean and EBCDIC code pages. Anything ICU does not find falls
back to the root locale, as ICU always does for a locale it has no data for.

    python build_scripts/icu_trim.py IN.so OUT.so   # standalone, prints what was kept

The ICU data library is one object, ``icudtNN_dat``, holding a "common data" package (CmnD): a
header, a table of contents sorted by item name, then the items, each 16-byte aligned. We read it
from the ELF file's .rodata, drop items, write a new package and link it into a new shared object
with the same soname and symbol (needs gcc; Linux only). build_scripts/newsdesk.spec calls
``trim()``; when anything is off it keeps the original library and says why.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

LOCALE_RE = re.compile(r"^(?:root|[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})*)$")
KEEP_LOCALES = re.compile(r"^(?:root|en|en_US|en_US_POSIX|en_001|en_150|en_GB|zh|zh_Hans|zh_Hans_CN|zh_Hant|"
                          r"zh_Hant_TW|zh_Hant_HK|zh_Hans_HK|zh_Hans_SG|zh_CN|zh_TW|zh_HK|zh_SG|zh_MO|zh_Hant_MO)$")
NOT_LOCALES = {"res_index", "pool"}  # look like locale IDs to the pattern above; every tree needs them
DROP_TREES = {"translit"}  # Qt never transliterates
DROP_DICTS = re.compile(r"^(?:khmer|burmese|lao|thai)dict\.dict$")  # keep cjdict: Chinese word breaks
KEEP_CNV = re.compile(r"(?:gb18030|windows-936|ibm-1386|ibm-1383|ibm-5478|windows-950|ibm-950|ibm-1373|ibm-1375|"
                      r"ibm-5471|big5|iso-8859|windows-125\d|ibm-5348|ibm-912_|ibm-913_|ibm-914_|ibm-915_|"
                      r"ibm-920_|ibm-923_|ibm-367|ibm-437|ibm-850|ibm-858)", re.I)


def _rodata(blob: bytes) -> tuple[int, int]:
    """(file offset, size) of the ELF64 little-endian .rodata section."""
    if blob[:4] != b"\x7fELF" or blob[4] != 2 or blob[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", blob, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", blob, 0x3A)
    secs = [struct.unpack_from("<IIQQQQ", blob, shoff + i * shentsize) for i in range(shnum)]
    stroff = secs[shstrndx][4]
    for name, _typ, _flags, _addr, off, size in secs:
        end = blob.index(b"\0", stroff + name)
        if blob[stroff + name:end] == b".rodata":
            return off, size
    raise ValueError("no .rodata section")


def read_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The CmnD header and its items (name, bytes), in TOC order."""
    hs, m1, m2 = struct.unpack_from("<HBB", data, 0)
    if (m1, m2) != (0xDA, 0x27) or data[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    count, = struct.unpack_from("<I", data, hs)
    toc = [struct.unpack_from("<II", data, hs + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (noff, doff) in enumerate(toc):
        name = data[hs + noff:data.index(b"\0", hs + noff)].decode("ascii")
        end = toc[i + 1][1] if i + 1 < count else len(data) - hs
        items.append((name, data[hs + doff:hs + end]))
    return data[:hs], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    hs = len(header)
    names = b"".join(n.encode("ascii") + b"\0" for n, _ in items)
    toc_size = 4 + 8 * len(items)
    pos = toc_size + len(names)
    entries, body = [], bytearray()
    name_off = toc_size
    start = (hs + pos + 15) // 16 * 16 - hs  # items 16-byte aligned from the package start
    for n, d in items:
        doff = start + len(body)
        entries.append(struct.pack("<II", name_off, doff))
        name_off += len(n) + 1
        body += d
        body += b"\0" * (-(hs + start + len(body)) % 16)
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    toc += b"\0" * (start - len(toc))
    return header + toc + bytes(body)


# On top of the rules above (which keep the Chinese word dictionary): the pieces only ICU services Qt
# never calls read — break iterators (brkitr/, with the 1.9 MiB Chinese word dictionary: Qt finds text
# boundaries with its own Unicode tables), character names (unames.icu), StringPrep/IDNA (*.spp,
# uts46.nrm: Qt has its own IDNA) and the spoof checker (confusables.cfu). Dropped only with
# ``qt_only=True``, which the spec passes when ``qt_only_calls()`` proves from the bundled binaries that
# every ICU function they import is a converter (ucnv_), collator (ucol_), calendar/time-zone name
# (ucal_) or u_strToLower/u_strToUpper call (Qt 6.x: libQt6Core only). If a later Qt imports anything
# else, or nm is missing, these pieces stay.
QT_ICU_CALLS = re.compile(r"^(?:ucnv_|UCNV_|ucol_|ucal_|u_strToLower|u_strToUpper)")
ICU_UNUSED_BY_QT = re.compile(r"^icudt\d+[lbe]/(?:brkitr/|unames\.icu$|[^/]+\.spp$|confusables\.cfu$|uts46\.nrm$)")


def icu_imports(binaries: list[Path], icu_major: str) -> dict[str, set[str]] | None:
    """{binary name: ICU functions it imports} for the given binaries (leave ICU's own libraries out),
    or None when nm cannot tell. ICU's C functions carry its major version (ucol_open_73); C++ API
    users would import icu_73:: symbols, which count as "anything else"."""
    nm = shutil.which("nm")
    if not nm:
        return None
    found: dict[str, set[str]] = {}
    for b in binaries:
        out = subprocess.run([nm, "-D", "--undefined-only", str(b)], capture_output=True, text=True)
        if out.returncode != 0:
            return None
        syms = {m.group(1) for m in re.finditer(rf"\bU\s+(\w+?)_{icu_major}\b", out.stdout)}
        syms |= {"C++ API"} if f"icu_{icu_major}" in out.stdout else set()
        if syms:
            found[b.name] = syms
    return found


def qt_only_calls(calls: dict[str, set[str]] | None) -> tuple[bool, str]:
    """(whether the Qt-unused pieces may go, a one-line reason) for icu_imports()' answer."""
    if calls is None:
        return False, "ICU break iterators etc. kept (nm unavailable)"
    other = sorted(f"{b}:{f}" for b, fs in calls.items() for f in fs if not QT_ICU_CALLS.match(f))
    if other:
        return False, f"ICU break iterators etc. kept ({other})"
    return True, (f"ICU used only by {sorted(calls)} through {len({f for fs in calls.values() for f in fs})} "
                  "ucnv/ucol/ucal/u_strTo* functions: dropping break iterators, character names, "
                  "StringPrep/IDNA, spoof data")


def keep(name: str, qt_only: bool = False) -> bool:
    if qt_only and ICU_UNUSED_BY_QT.match(name):
        return False
    parts = name.split("/")  # icudt73l/coll/zh.res, icudt73l/gb18030.cnv
    file = parts[-1]
    stem, _, ext = file.rpartition(".")
    tree = parts[1] if len(parts) > 2 else ""
    if tree in DROP_TREES:
        return False
    if ext == "cnv":
        return bool(KEEP_CNV.search(stem))
    if ext == "dict":
        return not DROP_DICTS.match(file)
    if stem in NOT_LOCALES:
        return True
    if ext == "res" and LOCALE_RE.match(stem):
        return bool(KEEP_LOCALES.match(stem))
    return True  # pools, indexes, supplemental data, normalisation, collation base, …


def trim(src: Path, dest: Path, qt_only: bool = False) -> str:
    """Write a trimmed copy of ``src`` (libicudataNN.so) to ``dest``; returns a one-line summary.
    ``qt_only``: also drop what only ICU services Qt never calls read (see ICU_UNUSED_BY_QT)."""
    blob = src.read_bytes()
    off, size = _rodata(blob)
    header, items = read_package(blob[off:off + size])
    kept = [(n, d) for n, d in items if keep(n, qt_only)]
    package = write_package(header, kept)
    # the round trip must give back exactly the kept items
    h2, again = read_package(package)
    if h2 != header or [n for n, _ in again] != [n for n, _ in kept] or any(
            a[1][:len(b[1])] != b[1] for a, b in zip(again, kept, strict=True)):
        raise ValueError("re-read package differs")
    soname = _soname(src)
    m = re.match(r"^(icudt\d+)[lbe]/", items[0][0])  # icudt73l/… → the symbol icudt73_dat
    if not m or not soname.startswith(f"libicudata.so.{m.group(1)[5:]}"):
        raise ValueError(f"unexpected soname {soname} for {items[0][0]}")
    symbol = f"{m.group(1)}_dat"
    gcc = shutil.which("gcc") or shutil.which("cc")
    if not gcc:
        raise FileNotFoundError("no C compiler (gcc) to link the trimmed data")
    with tempfile.TemporaryDirectory() as td:
        dat = Path(td) / "icudata.dat"
        dat.write_bytes(package)
        asm = Path(td) / "icudata.S"
        asm.write_text(
            f'\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n{symbol}:\n'
            f'\t.incbin "{dat}"\n\t.size {symbol}, .-{symbol}\n\t.section .note.GNU-stack,"",@progbits\n', "ascii")
        dest.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([gcc, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-Wl,-z,noexecstack",
                        "-o", str(dest), str(asm)], check=True, capture_output=True)
    return (f"ICU data {size / 2**20:.1f} → {dest.stat().st_size / 2**20:.1f} MiB "
            f"({len(kept)} of {len(items)} items kept)")


def _soname(lib: Path) -> str:
    out = subprocess.run(["readelf", "-d", str(lib)], capture_output=True, text=True).stdout if shutil.which(
        "readelf") else ""
    m = re.search(r"SONAME\)\s+Library soname: \[([^\]]+)\]", out)
    return m.group(1) if m else lib.name


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(trim(Path(sys.argv[1]), Path(sys.argv[2])))
