"""Writes the gold files of the articles beside it into its gold/ folder (run it from any folder)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1 if "heldout" in __file__ else 0]))
from goldkit import CPC, E, GoldFolder  # noqa: E402

save = GoldFolder(__file__).save

# ---------------------------------------------------------------- 101 Beijing
S = "Beijing|decision|CPC Beijing Municipal Committee"
C = "CPC Beijing Municipal Committee"
M = "fifth plenary session of the 13th CPC Beijing Municipal Committee"
sectors = ["new-generation information technology", "medicine and health", "integrated circuits", "intelligent connected vehicles"]
comps = ["national political center", "cultural center", "center for international exchanges", "center for scientific and technological innovation"]
save("101_beijing_plenary.json", "101_beijing_plenary.txt", "2024-12-10", [
    E("City", "Beijing", "the capital"), CPC,
    E("Committee", C, "13th CPC Beijing Municipal Committee", "municipal Party committee", "the municipal Party committee", "CPC Beijing Committee", "Beijing Municipal Committee of the CPC"),
    E("Meeting", M, "fifth plenary session of the 13th CPC Beijing Committee", "fifth plenary session", date="2024-12-09", ordinal=5, term=13),
    E("Resolution", "decision", match="any", date="2024-12-09"),
    E("Person", "Yin Li", position="secretary of the CPC Beijing Municipal Committee"),
    E("Strategy", "high-quality development", "high quality development"),
    E("Strategy", "four centers", "four centres"),
    E("Strategy", "national political center", "political center"),
    E("Strategy", "cultural center", "national cultural center"),
    E("Strategy", "center for international exchanges", "international exchange center"),
    E("Strategy", "center for scientific and technological innovation", "science and technology innovation center", "sci-tech innovation center", "center for science and technology innovation"),
    E("Strategy", "common prosperity"),
    E("Strategy", "opening up", "high-level opening up", "opening-up"),
    E("SectorGroup", "high-precision and cutting-edge industries"),
    E("Sector", "new-generation information technology", "information technology", "next-generation information technology", "new generation information technology"),
    E("Sector", "medicine and health", "medicine", "health and medicine"),
    E("Sector", "integrated circuits", "integrated circuit", "IC"),
    E("Sector", "intelligent connected vehicles", "intelligent connected vehicle", "smart connected vehicles", "intelligent connected new energy vehicles"),
    E("Region", "Beijing-Tianjin-Hebei region", "Beijing-Tianjin-Hebei", "Jing-Jin-Ji"),
    E("Region", "Xiong'an New Area", "Xiongan New Area", "Xiong'an"),
], [
    (C, "governs", "Beijing"), (C, "partOf", "Communist Party of China"), (M, "heldBy", C),
    ("decision", "adoptedAt", M), ("decision", "adoptedBy", C), ("Yin Li", "memberOf", C),
    *[(S, "pursues", x) for x in ["high-quality development", "four centers", "common prosperity", "opening up"]],
    *[("four centers", "hasComponent", x) for x in comps],
    *[(S, "prioritizes", x) for x in sectors],
    *[(x, "inGroup", "high-precision and cutting-edge industries") for x in sectors],
], optional=[
    E("Strategy", "coordinated development of the Beijing-Tianjin-Hebei region", "Beijing-Tianjin-Hebei coordinated development"),
    E("Country", "China"), E("Region", "Hebei"), E("City", "Tianjin"),
], optional_relations=[
    (S, "prioritizes", "high-precision and cutting-edge industries"), *[(S, "pursues", x) for x in comps],
    ("Xiong'an New Area", "locatedIn", "Hebei"), ("Beijing-Tianjin-Hebei region", "locatedIn", "China"), ("Beijing", "locatedIn", "China"),
    ("Beijing", "locatedIn", "Beijing-Tianjin-Hebei region"), (S, "pursues", "coordinated development of the Beijing-Tianjin-Hebei region"),
], absent=["Monday", "Xinhua", "Photo"])

# ---------------------------------------------------------------- 102 Jiangsu
S = "Jiangsu|resolution|CPC Jiangsu Provincial Committee"
C = "CPC Jiangsu Provincial Committee"
M = "eighth plenary session of the 14th CPC Jiangsu Provincial Committee"
groups = {"strategic emerging industries": ["new energy", "new materials", "biomedicine", "high-end equipment"],
          "traditional industries": ["textiles", "steel", "petrochemicals"],
          "future industries": ["third-generation semiconductors", "quantum technology", "hydrogen energy"]}
plain = ["advanced manufacturing", "digital economy", "low-altitude economy"]
save("102_jiangsu_manufacturing.json", "102_jiangsu_manufacturing.txt", "2025-01-15", [
    E("Region", "Jiangsu", "Jiangsu province", "the province"), E("City", "Nanjing"), CPC,
    E("Committee", C, "14th Communist Party of China Jiangsu Provincial Committee", "Communist Party of China Jiangsu Provincial Committee", "provincial Party committee", "the provincial Party committee", "CPC Jiangsu Committee", "Jiangsu Provincial Committee of the CPC"),
    E("Meeting", M, "eighth plenary session of the 14th CPC Jiangsu Committee", "eighth plenary session of the 14th Communist Party of China Jiangsu Provincial Committee", "eighth plenary session", "plenary session of the provincial Party committee", date="2025-01-14", ordinal=8, term=14),
    E("Resolution", "resolution", match="any", date="2025-01-14"),
    E("Person", "Xin Changxing", position="secretary of the CPC Jiangsu Provincial Committee"),
    E("Strategy", "Chinese modernization", "Chinese path to modernization"),
    E("Strategy", "modern industrial system"),
    *[E("SectorGroup", g) for g in groups],
    *[E("Sector", x) for x in plain],
    E("Sector", "new energy"), E("Sector", "new materials"), E("Sector", "biomedicine", "biopharmaceuticals"),
    E("Sector", "high-end equipment"), E("Sector", "textiles", "textile"), E("Sector", "steel", "iron and steel"),
    E("Sector", "petrochemicals", "petrochemical"), E("Sector", "third-generation semiconductors", "third-generation semiconductor"),
    E("Sector", "quantum technology", "quantum technologies"), E("Sector", "hydrogen energy", "hydrogen"),
    E("Region", "Yangtze River Delta", "Yangtze River Delta region"), E("City", "Shanghai"), E("Region", "Zhejiang"), E("Region", "Anhui"),
], [
    (C, "governs", "Jiangsu"), (C, "partOf", "Communist Party of China"), (M, "heldBy", C),
    ("resolution", "adoptedAt", M), ("resolution", "adoptedBy", C), ("Xin Changxing", "memberOf", C),
    (S, "pursues", "Chinese modernization"), (S, "pursues", "modern industrial system"),
    *[(S, "prioritizes", x) for x in plain + [m for ms in groups.values() for m in ms]],
    *[(m, "inGroup", g) for g, ms in groups.items() for m in ms],
], optional=[
    E("Country", "China"),
    E("Strategy", "integration into the Yangtze River Delta", "integrated development of the Yangtze River Delta", "Yangtze River Delta integration"),
], optional_relations=[
    *[(S, "prioritizes", g) for g in groups], ("Nanjing", "locatedIn", "Jiangsu"), ("Jiangsu", "locatedIn", "China"),
    ("Yangtze River Delta", "locatedIn", "China"), ("Zhejiang", "locatedIn", "China"), ("Anhui", "locatedIn", "China"),
    ("Shanghai", "locatedIn", "China"), ("Jiangsu", "locatedIn", "Yangtze River Delta"),
    (S, "pursues", "integration into the Yangtze River Delta"),
], absent=["Tuesday"])

# ---------------------------------------------------------------- 103 Shenzhen
S = "Shenzhen|resolution|CPC Shenzhen Municipal Committee"
C = "CPC Shenzhen Municipal Committee"
M = "ninth plenary session of the seventh CPC Shenzhen Municipal Committee"
sectors = ["integrated circuits", "new energy vehicles", "artificial intelligence", "low-altitude economy", "biomedicine"]
save("103_shenzhen_innovation.json", "103_shenzhen_innovation.txt", "2024-06-27", [
    E("City", "Shenzhen"), CPC,
    E("Committee", C, "seventh CPC Shenzhen Municipal Committee", "CPC Shenzhen Committee", "Shenzhen Municipal Committee of the CPC"),
    E("Meeting", M, "ninth plenary session of the 7th CPC Shenzhen Committee", "ninth plenary session of the seventh CPC Shenzhen Committee", "ninth plenary session of the 7th CPC Shenzhen Municipal Committee", "ninth plenary session", date="2024-06-26", ordinal=9, term=7),
    E("Resolution", "resolution", match="any", date="2024-06-26"),
    E("Person", "Meng Fanli", position="secretary of the CPC Shenzhen Municipal Committee"),
    E("Strategy", "global center for industrial technology innovation", "global industrial technology innovation center"),
    E("Strategy", "pioneering demonstration zone of socialism with Chinese characteristics", "pilot demonstration zone of socialism with Chinese characteristics", "demonstration zone of socialism with Chinese characteristics"),
    E("Strategy", "new quality productive forces", "new-quality productive forces"),
    E("Region", "Guangdong-Hong Kong-Macao Greater Bay Area", "Greater Bay Area", "GBA"),
    E("City", "Hong Kong"),
    E("Region", "Qianhai", "Qianhai cooperation zone"),
    E("Sector", "integrated circuits", "semiconductors and integrated circuits", "semiconductors", "integrated circuit"),
    E("Sector", "new energy vehicles", "new energy vehicle", "NEVs"), E("Sector", "artificial intelligence", "AI"),
    E("Sector", "low-altitude economy", "low altitude economy"), E("Sector", "biomedicine", "biopharmaceuticals"),
], [
    (C, "governs", "Shenzhen"), (C, "partOf", "Communist Party of China"), (M, "heldBy", C),
    ("resolution", "adoptedAt", M), ("resolution", "adoptedBy", C), ("Meng Fanli", "memberOf", C),
    *[(S, "pursues", x) for x in ["global center for industrial technology innovation", "pioneering demonstration zone of socialism with Chinese characteristics", "new quality productive forces"]],
    *[(S, "prioritizes", x) for x in sectors],
], optional=[E("Region", "Guangdong"), E("Country", "China")],
optional_relations=[("Shenzhen", "locatedIn", "Guangdong"), ("Shenzhen", "locatedIn", "Guangdong-Hong Kong-Macao Greater Bay Area"),
    ("Qianhai", "locatedIn", "Shenzhen"), ("Hong Kong", "locatedIn", "China"), ("Guangdong-Hong Kong-Macao Greater Bay Area", "locatedIn", "China"),
    ("Shenzhen", "locatedIn", "China")],
absent=["Li Wen", "Wednesday"])

# ---------------------------------------------------------------- 104 Chongqing
S = "Chongqing|decision|CPC Chongqing Municipal Committee"
C = "CPC Chongqing Municipal Committee"
M = "fourth plenary session of the sixth CPC Chongqing Municipal Committee"
pillars = ["intelligent connected new energy vehicles", "new-generation electronic information manufacturing", "advanced materials"]
save("104_chongqing_reform.json", "104_chongqing_reform.txt", "2023-11-20", [
    E("City", "Chongqing", "the municipality"), CPC,
    E("Committee", C, "sixth CPC Chongqing Municipal Committee", "CPC Chongqing Committee", "Chongqing Municipal Committee of the CPC"),
    E("Meeting", M, "fourth plenary session of the 6th CPC Chongqing Committee", "fourth plenary session of the sixth CPC Chongqing Committee", "fourth plenary session of the 6th CPC Chongqing Municipal Committee", "fourth plenary session", date="2023-11-18", ordinal=4, term=6),
    E("Resolution", "decision", match="any", date="2023-11-18"),
    E("Person", "Yuan Jiajun", position="secretary of the CPC Chongqing Municipal Committee"),
    E("Region", "Chengdu-Chongqing economic circle", "Chengdu-Chongqing Economic Circle", "Chengdu-Chongqing twin-city economic circle"),
    E("Strategy", "new land-sea trade corridor", "New International Land-Sea Trade Corridor", "western land-sea corridor", "land-sea trade corridor"),
    E("Strategy", "high-quality development", "high quality development"),
    E("SectorGroup", "three pillar industries", "pillar industries"),
    E("Sector", "intelligent connected new energy vehicles", "intelligent connected vehicles", "new energy vehicles"),
    E("Sector", "new-generation electronic information manufacturing", "electronic information manufacturing", "electronic information"),
    E("Sector", "advanced materials"), E("Sector", "satellite internet"), E("Sector", "biomanufacturing", "bio-manufacturing"),
], [
    (C, "governs", "Chongqing"), (C, "partOf", "Communist Party of China"), (M, "heldBy", C),
    ("decision", "adoptedAt", M), ("decision", "adoptedBy", C), ("Yuan Jiajun", "memberOf", C),
    (S, "pursues", "new land-sea trade corridor"), (S, "pursues", "high-quality development"),
    *[(S, "prioritizes", x) for x in pillars + ["satellite internet", "biomanufacturing"]],
    *[(x, "inGroup", "three pillar industries") for x in pillars],
], optional=[
    E("SectorGroup", "emerging sectors"), E("Region", "western China"), E("Strategy", "important strategic hinterland", "strategic hinterland"),
    E("Country", "China"), E("City", "Chengdu"), E("Strategy", "deepening reform"),
], optional_relations=[
    (S, "prioritizes", "three pillar industries"), (S, "prioritizes", "emerging sectors"),
    ("satellite internet", "inGroup", "emerging sectors"), ("biomanufacturing", "inGroup", "emerging sectors"),
    (S, "pursues", "important strategic hinterland"), ("Chongqing", "locatedIn", "Chengdu-Chongqing economic circle"),
    ("Chongqing", "locatedIn", "China"), ("Chengdu-Chongqing economic circle", "locatedIn", "China"),
    ("new land-sea trade corridor", "locatedIn", "western China"),
], absent=["Saturday"])

# ---------------------------------------------------------------- 105 Zhejiang
S = "Zhejiang|resolution|CPC Zhejiang Provincial Committee"
C = "CPC Zhejiang Provincial Committee"
M = "fifth plenary session of the 15th CPC Zhejiang Provincial Committee"
clusters = ["new-generation information technology", "high-end equipment", "modern consumption and health", "green petrochemicals and new materials"]
save("105_zhejiang_digital.json", "105_zhejiang_digital.txt", "2024-07-30", [
    E("Region", "Zhejiang", "Zhejiang province", "the province"), E("City", "Hangzhou"), E("City", "Ningbo"), CPC,
    E("Committee", C, "15th CPC Zhejiang Provincial Committee", "CPC Zhejiang Committee", "Zhejiang Provincial Committee of the CPC"),
    E("Meeting", M, "fifth plenary session of the 15th CPC Zhejiang Committee", "fifth plenary session", date="2024-07-29", ordinal=5, term=15),
    E("Resolution", "resolution", match="any", date="2024-07-29"),
    E("Person", "Wang Hao", position="secretary of the CPC Zhejiang Provincial Committee"),
    E("Strategy", "common prosperity demonstration zone", "demonstration zone for common prosperity", "common prosperity"),
    E("Strategy", "opening up", "high-level opening up", "opening-up"),
    E("Strategy", "global center for shipping", "international shipping center", "shipping center", "global shipping center"),
    E("Sector", "digital economy"),
    E("SectorGroup", "four trillion-yuan industrial clusters", "trillion-yuan industrial clusters"),
    E("Sector", "new-generation information technology", "information technology", "next-generation information technology"),
    E("Sector", "high-end equipment"),
    E("Sector", "modern consumption and health", "modern consumption"),
    E("Sector", "green petrochemicals and new materials", "green petrochemicals"),
    E("Sector", "artificial intelligence", "AI"), E("Sector", "robotics", "robots"), E("Sector", "biomanufacturing"),
    E("Region", "Yangtze River Delta", "Yangtze River Delta region"),
], [
    (C, "governs", "Zhejiang"), (C, "partOf", "Communist Party of China"), (M, "heldBy", C),
    ("resolution", "adoptedAt", M), ("resolution", "adoptedBy", C), ("Wang Hao", "memberOf", C),
    (S, "pursues", "common prosperity demonstration zone"), (S, "pursues", "opening up"),
    ("Ningbo|" + S, "pursues", "global center for shipping"),
    *[(S, "prioritizes", x) for x in ["digital economy", "artificial intelligence", "robotics", "biomanufacturing"] + clusters],
    *[(x, "inGroup", "four trillion-yuan industrial clusters") for x in clusters],
], optional=[E("Country", "China"), E("Strategy", "integration into the Yangtze River Delta", "integrated development of the Yangtze River Delta")],
optional_relations=[
    (S, "prioritizes", "four trillion-yuan industrial clusters"), ("Hangzhou", "locatedIn", "Zhejiang"), ("Ningbo", "locatedIn", "Zhejiang"),
    ("Zhejiang", "locatedIn", "China"), ("Yangtze River Delta", "locatedIn", "China"), ("Zhejiang", "locatedIn", "Yangtze River Delta"),
], absent=["Monday"])

# ---------------------------------------------------------------- 106 Guangdong
S = "Guangdong|resolution|CPC Guangdong Provincial Committee"
C = "CPC Guangdong Provincial Committee"
M = "plenary session of the 13th CPC Guangdong Provincial Committee"
groups = {"ten pillar industries": ["new-generation electronic information", "green petrochemicals", "smart home appliances", "automobiles"],
          "ten emerging industries": ["integrated circuits", "high-end equipment", "laser and additive manufacturing"]}
PB = "Political Bureau of the CPC Central Committee"
save("106_guangdong_manufacturing.json", "106_guangdong_manufacturing.txt", "2025-03-04", [
    E("Region", "Guangdong", "Guangdong province", "the province"), E("City", "Guangzhou"), E("City", "Shenzhen"),
    E("Region", "Guangdong-Hong Kong-Macao Greater Bay Area", "Greater Bay Area", "GBA"), CPC,
    E("Committee", C, "13th CPC Guangdong Provincial Committee", "provincial Party committee", "the provincial Party committee", "CPC Guangdong Committee", "Guangdong Provincial Committee of the CPC"),
    E("Committee", "CPC Central Committee", "Central Committee of the Communist Party of China", "Central Committee of the CPC"),
    E("Committee", PB, "Political Bureau", "Politburo"),
    E("Meeting", M, "plenary session of the 13th CPC Guangdong Committee", "plenary session", date="2025-03-03", term=13),
    E("Resolution", "resolution", match="any", date="2025-03-03"),
    E("Person", "Huang Kunming", position="secretary of the CPC Guangdong Provincial Committee"),
    E("Strategy", "new quality productive forces", "new-quality productive forces"),
    E("Strategy", "global center for science and technology innovation", "international science and technology innovation center", "science and technology innovation center", "global science and technology innovation center"),
    E("Sector", "manufacturing", "manufacturing industry"),
    *[E("SectorGroup", g) for g in groups],
    E("Sector", "new-generation electronic information", "electronic information", "new generation electronic information"),
    E("Sector", "green petrochemicals", "petrochemicals"), E("Sector", "smart home appliances", "home appliances"),
    E("Sector", "automobiles", "automobile", "auto", "automotive"),
    E("Sector", "integrated circuits", "semiconductors and integrated circuits", "semiconductors", "integrated circuit"),
    E("Sector", "high-end equipment"), E("Sector", "laser and additive manufacturing", "additive manufacturing", "laser manufacturing"),
], [
    (C, "governs", "Guangdong"), (C, "partOf", "Communist Party of China"), ("CPC Central Committee", "partOf", "Communist Party of China"),
    (M, "heldBy", C), ("resolution", "adoptedAt", M), ("resolution", "adoptedBy", C),
    ("Huang Kunming", "memberOf", C), ("Huang Kunming", "memberOf", PB),
    (S, "pursues", "new quality productive forces"),
    ("Shenzhen|Guangzhou|" + S, "pursues", "global center for science and technology innovation"),
    *[(S, "prioritizes", x) for x in ["manufacturing"] + [m for ms in groups.values() for m in ms]],
    *[(m, "inGroup", g) for g, ms in groups.items() for m in ms],
], optional=[
    E("Strategy", "integrated development of the Guangdong-Hong Kong-Macao Greater Bay Area", "Greater Bay Area integrated development"),
    E("Country", "China"), E("City", "Hong Kong"), E("City", "Macao"),
], optional_relations=[
    *[(S, "prioritizes", g) for g in groups], (PB, "partOf", "CPC Central Committee"), (PB, "partOf", "Communist Party of China"),
    ("Guangzhou", "locatedIn", "Guangdong"), ("Shenzhen", "locatedIn", "Guangdong"), ("Guangdong", "locatedIn", "China"),
    ("Guangdong-Hong Kong-Macao Greater Bay Area", "locatedIn", "China"), (S, "pursues", "integrated development of the Guangdong-Hong Kong-Macao Greater Bay Area"),
    ("Guangzhou", "locatedIn", "Guangdong-Hong Kong-Macao Greater Bay Area"), ("Shenzhen", "locatedIn", "Guangdong-Hong Kong-Macao Greater Bay Area"),
], absent=["Monday"])
