"""Writes the gold files of the articles beside it into its gold/ folder (run it from any folder)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1 if "heldout" in __file__ else 0]))
from goldkit import CPC, E, GoldFolder  # noqa: E402

save = GoldFolder(__file__).save

S = "Hubei|resolution|CPC Hubei Provincial Committee"
C = "CPC Hubei Provincial Committee"
M = "tenth plenary session of the 12th CPC Hubei Provincial Committee"
five = ["optoelectronic information", "new energy vehicles", "biomedicine", "high-end equipment", "Beidou navigation"]
save("201_hubei_optics.json", "201_hubei_optics.txt", "2025-09-24", [
    E("Region", "Hubei", "Hubei province", "the province"), E("City", "Wuhan"), CPC,
    E("Committee", C, "12th CPC Hubei Provincial Committee", "12th Communist Party of China Hubei Provincial Committee", "Communist Party of China Hubei Provincial Committee", "CPC Hubei Committee", "Hubei Provincial Committee of the CPC"),
    E("Meeting", M, "tenth plenary session of the 12th CPC Hubei Committee", "tenth plenary session of the 12th Communist Party of China Hubei Provincial Committee", "tenth plenary session", date="2025-09-22", ordinal=10, term=12),
    E("Resolution", "resolution", match="any", date="2025-09-23"),
    E("Person", "Wang Zhonglin", position="secretary of the CPC Hubei Provincial Committee"),
    E("Strategy", "national hub for optoelectronic information", "optoelectronic information hub"),
    E("Strategy", "high-quality development", "high quality development"),
    E("Strategy", "rise of the central region", "rise of central China"),
    E("SectorGroup", "five advantageous industries", "advantageous industries"),
    *[E("Sector", x) for x in five],
    E("Sector", "digital economy"),
    E("Region", "Yangtze River Economic Belt"),
    E("Region", "East Lake High-tech Development Zone", "Optics Valley of China", "Optics Valley"),
], [
    (C, "governs", "Hubei"), (C, "partOf", "Communist Party of China"), (M, "heldBy", C),
    ("resolution", "adoptedAt", M), ("resolution", "adoptedBy", C), ("Wang Zhonglin", "memberOf", C),
    (S, "pursues", "national hub for optoelectronic information"), (S, "pursues", "high-quality development"),
    *[(S, "prioritizes", x) for x in five + ["digital economy"]],
    *[(x, "inGroup", "five advantageous industries") for x in five],
], optional=[
    E("Strategy", "leading center of innovation in central China", "innovation center in central China"),
    E("Strategy", "green and low-carbon development"), E("Strategy", "deepen reform across the board", "comprehensively deepening reform"),
    E("Region", "central China"), E("Region", "central region"), E("Country", "China"),
    E("Strategy", "science and technology innovation"),
], optional_relations=[
    (S, "prioritizes", "five advantageous industries"), (S, "pursues", "rise of the central region"),
    ("Wuhan", "locatedIn", "Hubei"), ("Hubei", "locatedIn", "China"), ("Yangtze River Economic Belt", "locatedIn", "China"),
    ("East Lake High-tech Development Zone", "locatedIn", "Wuhan"), ("East Lake High-tech Development Zone", "locatedIn", "Hubei"),
    (S, "pursues", "green and low-carbon development"), ("Wuhan|" + S, "pursues", "leading center of innovation in central China"),
    ("Hubei", "locatedIn", "Yangtze River Economic Belt"), ("Hubei", "locatedIn", "central China"),
], absent=["Tuesday", "Monday"])

S = "Chengdu|decision|CPC Chengdu Municipal Committee"
C = "CPC Chengdu Municipal Committee"
M = "eighth plenary session of the 14th CPC Chengdu Municipal Committee"
chains = ["integrated circuits", "new displays", "aviation equipment", "innovative drugs"]
save("202_chengdu_aviation.json", "202_chengdu_aviation.txt", "2024-11-29", [
    E("City", "Chengdu"), E("Region", "Sichuan", "Sichuan province"), E("City", "Chongqing"), CPC,
    E("Committee", C, "14th CPC Chengdu Municipal Committee", "the city's Party committee", "city's Party committee", "CPC Chengdu Committee", "Chengdu Municipal Committee of the CPC"),
    E("Meeting", M, "eighth plenary session of the 14th CPC Chengdu Committee", "eighth plenary session", date="2024-11-28", ordinal=8, term=14),
    E("Resolution", "decision", match="any", date="2024-11-28"),
    E("Person", "Cao Lijun", position="secretary of the CPC Chengdu Municipal Committee"),
    E("Strategy", "world-class center for aviation", "global center for aviation", "aviation center", "world-class aviation center"),
    E("Strategy", "national hub for the digital economy", "digital economy hub"),
    E("Strategy", "park city", "park city demonstration zone"),
    E("Strategy", "common prosperity"),
    E("Strategy", "new development philosophy", "new development concept"),
    E("SectorGroup", "eight key industrial chains", "key industrial chains"),
    E("Sector", "integrated circuits", "integrated circuit", "IC"), E("Sector", "new displays", "new display"),
    E("Sector", "aviation equipment"), E("Sector", "innovative drugs", "innovative drug"),
    E("Region", "Chengdu-Chongqing economic circle", "Chengdu-Chongqing Economic Circle"),
], [
    (C, "governs", "Chengdu"), (C, "partOf", "Communist Party of China"), (M, "heldBy", C),
    ("decision", "adoptedAt", M), ("decision", "adoptedBy", C), ("Cao Lijun", "memberOf", C),
    *[(S, "pursues", x) for x in ["world-class center for aviation", "national hub for the digital economy", "park city", "common prosperity", "new development philosophy"]],
    *[(S, "prioritizes", x) for x in chains],
    *[(x, "inGroup", "eight key industrial chains") for x in chains],
], optional=[
    E("Sector", "digital economy"), E("Sector", "aviation"), E("Region", "western region"), E("Strategy", "opening up", "opening-up"),
    E("Country", "China"),
], optional_relations=[
    (S, "prioritizes", "eight key industrial chains"), (S, "prioritizes", "digital economy"), (S, "prioritizes", "aviation"),
    ("Chengdu", "locatedIn", "Sichuan"), ("Sichuan", "locatedIn", "China"), ("Chongqing", "locatedIn", "China"),
    ("Chengdu", "locatedIn", "Chengdu-Chongqing economic circle"), ("Chongqing", "locatedIn", "Chengdu-Chongqing economic circle"),
    ("Chengdu-Chongqing economic circle", "locatedIn", "China"), (S, "pursues", "opening up"),
], absent=["Thursday"])
