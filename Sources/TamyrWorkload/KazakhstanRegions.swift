/// Kazakhstan's regions as ISO 3166-2:KZ alpha codes, weighted by population.
///
/// Contract: every code matches `KZ-[A-Z]{3}`. The codes predate the 2022 split, so Abai,
/// Jetisu and Ulytau are counted within East Kazakhstan, Almaty region and Karaganda.
package enum KazakhstanRegions {
    /// `(code, population in thousands)`, about 2024; only the ratios matter.
    package static let weighted: [(code: String, weight: UInt64)] = [
        ("KZ-ALA", 2_230),  // Almaty (city)
        ("KZ-AST", 1_420),  // Astana
        ("KZ-SHY", 1_220),  // Shymkent
        ("KZ-ALM", 2_200),  // Almaty region, with Jetisu
        ("KZ-YUZ", 2_120),  // Turkistan
        ("KZ-KAR", 1_340),  // Karaganda, with Ulytau
        ("KZ-VOS", 1_330),  // East Kazakhstan, with Abai
        ("KZ-ZHA", 1_220),  // Zhambyl
        ("KZ-AKT", 920),  // Aktobe
        ("KZ-KUS", 830),  // Kostanay
        ("KZ-PAV", 750),  // Pavlodar
        ("KZ-AKM", 790),  // Akmola
        ("KZ-ZAP", 690),  // West Kazakhstan
        ("KZ-SEV", 530),  // North Kazakhstan
        ("KZ-ATY", 700),  // Atyrau
        ("KZ-MAN", 770),  // Mangystau
        ("KZ-KZY", 840),  // Kyzylorda
    ]
}
