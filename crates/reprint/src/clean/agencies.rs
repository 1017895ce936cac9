//! News agencies and the outlets most often credited across scripts: the
//! names each goes by in the languages reprint reads, and its web domains.
//!
//! In: a name or an address as a text or a record gives it. Out: the
//! agency or outlet it denotes, if it is one of the table's, so that "AP",
//! "The Associated Press", "أسوشيتد برس" and `apnews.com` compare equal, and
//! so that a credit of an agency can be told from a credit of a newspaper.
//!
//! The table is written out by hand from the agencies' own names: it holds
//! no outlet or phrase of any evaluation set.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::tokenize::fold_word;

/// Whether a table entry is a news agency (a wire that others carry) or an
/// outlet that publishes its own pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutletKind {
    /// A wire service: its dispatches appear on many sites at once.
    Agency,
    /// A broadcaster or paper often credited across scripts.
    Outlet,
}

/// One agency or outlet of the table.
#[derive(Debug, PartialEq, Eq)]
pub struct KnownOutlet {
    /// The short name reprint reports ("AFP").
    pub name: &'static str,
    /// What it is.
    pub kind: OutletKind,
    /// Every other way a text writes it: full names, translations, other
    /// scripts. Upper-case abbreviations here are matched with their case
    /// in running text ("AP", never "ap").
    pub aliases: &'static [&'static str],
    /// Its web addresses' registered names, without the suffix
    /// (`apnews` for apnews.com), or with it for a name too common to
    /// stand alone (`news.cn`).
    pub domains: &'static [&'static str],
}

macro_rules! outlets {
    ($( $kind:ident $name:literal [$($alias:literal),* $(,)?] [$($domain:literal),* $(,)?] ),* $(,)?) => {
        &[$(KnownOutlet {
            name: $name,
            kind: OutletKind::$kind,
            aliases: &[$($alias),*],
            domains: &[$($domain),*],
        }),*]
    };
}

/// The table. Agencies first, by region; then outlets credited across
/// scripts.
pub static KNOWN_OUTLETS: &[KnownOutlet] = outlets![
    Agency "AFP" ["Agence France-Presse", "Agence France Presse", "France-Presse", "France Presse",
        "وكالة فرانس برس", "فرانس برس", "وكالة الصحافة الفرنسية", "الفرنسية للأنباء",
        "أ ف ب", "ا ف ب", "أ.ف.ب", "Франс Пресс", "Франс-Пресс", "法新社", "AFP通信"] ["afp"],
    Agency "AP" ["Associated Press", "The Associated Press", "AP News", "أسوشيتد برس",
        "اسوشيتد برس", "أسوشييتد برس", "أسوشيتدبرس", "أ ب", "Ассошиэйтед Пресс", "美联社",
        "美聯社", "AP通信"] ["apnews", "ap"],
    Agency "Reuters" ["Thomson Reuters", "Reuters Staff", "رويترز", "روترز", "Рейтер", "Рейтерс",
        "路透社", "ロイター", "로이터"] ["reuters"],
    Agency "dpa" ["DPA", "Deutsche Presse-Agentur", "Deutsche Presse Agentur", "dpa-infocom", "د ب أ",
        "الوكالة الألمانية"] ["dpa"],
    Agency "dpa-AFX" ["dpa-AFX Wirtschaftsnachrichten", "AFX"] ["dpa-afx"],
    Agency "KNA" ["Katholische Nachrichten-Agentur"] ["kna"],
    Agency "epd" ["Evangelischer Pressedienst"] ["epd"],
    Agency "SID" ["Sport-Informations-Dienst"] [],
    Agency "dts" ["dts Nachrichtenagentur"] [],
    Agency "ANSA" ["Agenzia ANSA", "Agenzia Nazionale Stampa Associata", "Ansa"] ["ansa"],
    Agency "Askanews" ["askanews"] ["askanews"],
    Agency "Italpress" [] ["italpress"],
    Agency "AGI" ["Agenzia Italia", "Agenzia Giornalistica Italia"] ["agi"],
    Agency "Adnkronos" ["AdnKronos"] ["adnkronos"],
    Agency "LaPresse" [] [],
    Agency "EFE" ["Agencia EFE", "Efe", "إفي", "وكالة إفي"] ["efe"],
    Agency "Europa Press" [] ["europapress"],
    Agency "Lusa" ["LUSA", "Agência Lusa", "Agencia Lusa"] ["lusa"],
    Agency "Agência Brasil" ["Agencia Brasil"] ["agenciabrasil"],
    Agency "Estadão Conteúdo" ["Estadao Conteudo", "Agência Estado"] [],
    Agency "Folhapress" [] [],
    Agency "Servimedia" [] ["servimedia"],
    Agency "Colpisa" [] ["colpisa"],
    Agency "Agerpres" ["AGERPRES"] ["agerpres"],
    Agency "ANA-MPA" ["Athens-Macedonian News Agency", "ΑΠΕ-ΜΠΕ"] ["amna"],
    Agency "Ukrinform" ["Укрінформ", "Укринформ"] ["ukrinform"],
    Agency "APA" ["Austria Presse Agentur"] ["apa"],
    Agency "AWP" ["awp", "AWP Finanznachrichten"] ["awp"],
    Agency "ATS" ["SDA", "Keystone-ATS", "Keystone-SDA", "Keystone ATS", "Keystone SDA",
        "Agence télégraphique suisse", "Schweizerische Depeschenagentur"] ["keystone-sda"],
    Agency "Belga" ["BELGA", "Agence Belga"] ["belga"],
    Agency "ANP" ["Algemeen Nederlands Persbureau"] ["anp"],
    Agency "PA" ["PA Media", "Press Association", "PA Wire"] ["pamediagroup"],
    Agency "CP" ["The Canadian Press", "Canadian Press", "La Presse Canadienne",
        "Presse Canadienne"] ["thecanadianpress", "lapressecanadienne"],
    Agency "AAP" ["Australian Associated Press"] ["aap"],
    Agency "UPI" ["United Press International"] ["upi"],
    Agency "Bloomberg" ["Bloomberg News", "بلومبرغ", "بلومبيرغ"] ["bloomberg"],
    Agency "PAP" ["Polska Agencja Prasowa"] ["pap"],
    Agency "TT" ["Tidningarnas Telegrambyrå"] ["tt"],
    Agency "Ritzau" ["Ritzaus Bureau", "ritzau"] ["ritzau"],
    Agency "NTB" ["Norsk Telegrambyrå"] ["ntb"],
    Agency "STT" ["Suomen Tietotoimisto", "STT-Info"] ["stt"],
    Agency "MTI" ["Magyar Távirati Iroda"] ["mti"],
    Agency "TASR" ["Tlačová agentúra Slovenskej republiky"] ["tasr"],
    Agency "HINA" ["Hrvatska izvještajna novinska agencija"] ["hina"],
    Agency "Tanjug" ["Танјуг"] ["tanjug"],
    Agency "BTA" ["Bulgarian News Agency", "БТА"] ["bta"],
    Agency "ELTA" [] ["elta"],
    Agency "BNS" ["Baltic News Service"] ["bns"],
    Agency "UNIAN" ["УНІАН", "УНИАН"] ["unian"],
    Agency "Bernama" [] ["bernama"],
    Agency "ČTK" ["CTK", "Česká tisková kancelář"] ["ctk"],
    Agency "TASS" ["ITAR-TASS", "Tass", "ТАСС", "تاس", "وكالة تاس"] ["tass"],
    Agency "RIA Novosti" ["RIA", "РИА Новости", "ريا نوفوستي"] ["ria"],
    Agency "Interfax" ["Интерфакс"] ["interfax"],
    Agency "Anadolu" ["AA", "Anadolu Agency", "Agence Anadolu", "Anadolu Ajansı", "الأناضول",
        "وكالة الأناضول"] ["aa"],
    Agency "Xinhua" ["Chine nouvelle", "Xinhua News Agency", "新华社", "新華社", "شينخوا",
        "وكالة شينخوا", "Синьхуа"] ["xinhuanet", "news.cn"],
    Agency "China News Service" ["中新社", "中国新闻社"] ["chinanews"],
    Agency "Kyodo" ["Kyodo News", "共同通信", "共同社", "共同"] ["kyodonews"],
    Agency "Jiji" ["Jiji Press", "時事通信", "时事社", "時事"] ["jiji"],
    Agency "Yonhap" ["Yonhap News Agency", "연합뉴스", "韩联社", "聯合ニュース"] ["yna"],
    Agency "PTI" ["Press Trust of India"] ["ptinews"],
    Agency "ANI" ["Asian News International"] ["aninews"],
    Agency "IANS" ["Indo-Asian News Service"] ["ians"],
    Agency "APS" ["Algérie Presse Service", "Algerie Presse Service", "وكالة الأنباء الجزائرية",
        "واج"] ["aps"],
    Agency "MAP" ["Maghreb Arabe Presse", "Agence Maghreb Arabe Presse",
        "وكالة المغرب العربي للأنباء", "لاماب", "ومع"] ["mapexpress", "map"],
    Agency "TAP" ["Tunis Afrique Presse", "Agence Tunis Afrique Presse",
        "وكالة تونس إفريقيا للأنباء", "وات"] ["tap"],
    Agency "MENA" ["Middle East News Agency", "وكالة أنباء الشرق الأوسط", "أ ش أ"] ["mena"],
    Agency "SPA" ["Saudi Press Agency", "واس", "وكالة الأنباء السعودية"] ["spa"],
    Agency "WAM" ["Emirates News Agency", "وام", "وكالة أنباء الإمارات"] ["wam"],
    Agency "QNA" ["Qatar News Agency", "قنا", "وكالة الأنباء القطرية"] ["qna"],
    Agency "KUNA" ["Kuwait News Agency", "كونا", "وكالة الأنباء الكويتية"] ["kuna"],
    Agency "BNA" ["Bahrain News Agency", "بنا", "وكالة أنباء البحرين"] ["bna"],
    Agency "ONA" ["Oman News Agency", "العمانية", "وكالة الأنباء العمانية"] ["omannews"],
    Agency "Petra" ["PETRA", "Jordan News Agency", "بترا", "وكالة الأنباء الأردنية"] ["petra"],
    Agency "SANA" ["Syrian Arab News Agency", "سانا", "وكالة الأنباء السورية"] ["sana"],
    Agency "NNA" ["National News Agency", "الوكالة الوطنية للإعلام"] ["nna-leb"],
    Agency "INA" ["Iraqi News Agency", "واع", "وكالة الأنباء العراقية"] ["ina"],
    Agency "WAFA" ["Wafa", "وفا", "وكالة وفا"] ["wafa"],
    Agency "SUNA" ["سونا", "وكالة السودان للأنباء"] ["suna-sd"],
    Agency "LANA" ["لانا", "وكالة الأنباء الليبية"] ["lana"],
    Agency "IRNA" ["إرنا", "ارنا"] ["irna"],
    Agency "Prensa Latina" ["برنسا لاتينا"] ["prensa-latina", "plenglish"],
    Agency "Notimex" [] ["notimex"],
    Agency "Télam" ["Telam"] ["telam"],
    Outlet "RT" ["Russia Today", "RT Arabic", "روسيا اليوم", "آر تي"]
        ["rt", "rtarabic", "russiatoday"],
    Outlet "Al Jazeera" ["Aljazeera", "الجزيرة", "الجزيرة نت"] ["aljazeera"],
    Outlet "Al Arabiya" ["Alarabiya", "العربية", "العربية نت"] ["alarabiya"],
    Outlet "Sky News Arabia" ["سكاي نيوز عربية", "سكاي نيوز"] ["skynewsarabia"],
    Outlet "BBC" ["BBC News", "بي بي سي", "بي بي سي عربي"] ["bbc"],
    Outlet "CNN" ["سي إن إن", "سي ان ان"] ["cnn"],
    Outlet "France 24" ["فرانس 24", "فرانس24"] ["france24"],
    Outlet "Euronews" ["يورونيوز"] ["euronews"],
    Outlet "Deutsche Welle" ["DW", "دويتشه فيله", "دويتشه فيلله"] ["dw"],
    Outlet "Sputnik" ["سبوتنيك"] ["sputniknews", "sputnik"],
    Outlet "RFI" ["Radio France Internationale", "راديو فرنسا الدولي", "مونت كارلو الدولية"] ["rfi"],
];

/// Folds a name for look-up: case, accents and punctuation away, words
/// joined, a leading article dropped ("The Associated Press" as
/// "associatedpress").
pub fn fold_name(name: &str) -> String {
    let mut folded = String::new();
    let mut out = String::new();
    let mut first = true;
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        fold_word(word, &mut folded);
        if first
            && matches!(
                folded.as_str(),
                "the" | "l" | "la" | "le" | "el" | "die" | "der"
            )
        {
            first = false;
            continue;
        }
        first = false;
        out.push_str(&folded);
    }
    out
}

static BY_NAME: LazyLock<HashMap<String, &'static KnownOutlet>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for outlet in KNOWN_OUTLETS {
        for name in std::iter::once(&outlet.name).chain(outlet.aliases) {
            map.entry(fold_name(name)).or_insert(outlet);
        }
    }
    map
});

static BY_DOMAIN: LazyLock<HashMap<&'static str, &'static KnownOutlet>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for outlet in KNOWN_OUTLETS {
        for domain in outlet.domains {
            map.entry(*domain).or_insert(outlet);
        }
    }
    map
});

/// The table's entry a written name denotes: "Agence France-Presse",
/// "l'AFP", "رويترز". `None` for names the table does not hold.
pub fn named(name: &str) -> Option<&'static KnownOutlet> {
    let folded = fold_name(name);
    let folded = folded
        .strip_prefix("agence")
        .filter(|f| !f.is_empty())
        .map_or(folded.as_str(), |f| f);
    BY_NAME
        .get(folded)
        .or_else(|| BY_NAME.get(&fold_name(name)))
        .copied()
}

/// The table's entry an address's registered name denotes (`apnews` for
/// `https://apnews.com/...`; the caller strips the suffix).
pub fn with_domain(host_name: &str) -> Option<&'static KnownOutlet> {
    BY_DOMAIN.get(host_name).copied()
}

/// Every name of the table that running text may name an entry by, with the
/// entry: the short names and the aliases.
pub fn all_names() -> impl Iterator<Item = (&'static str, &'static KnownOutlet)> {
    KNOWN_OUTLETS.iter().flat_map(|outlet| {
        std::iter::once(outlet.name)
            .chain(outlet.aliases.iter().copied())
            .map(move |name| (name, outlet))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_agency_answers_to_its_names_in_every_script() {
        for name in [
            "AP",
            "Associated Press",
            "The Associated Press",
            "أسوشيتد برس",
        ] {
            assert_eq!(named(name).map(|a| a.name), Some("AP"), "{name}");
        }
        for name in ["Reuters", "رويترز", "Thomson Reuters"] {
            assert_eq!(named(name).map(|a| a.name), Some("Reuters"), "{name}");
        }
        assert_eq!(named("l'AFP").map(|a| a.name), Some("AFP"));
        assert_eq!(named("Agence France-Presse").map(|a| a.name), Some("AFP"));
        assert_eq!(
            named("روسيا اليوم").map(|a| a.kind),
            Some(OutletKind::Outlet)
        );
        assert_eq!(with_domain("apnews").map(|a| a.name), Some("AP"));
        assert_eq!(named("Le Monde"), None);
    }

    #[test]
    fn no_name_of_the_table_denotes_two_entries() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (name, outlet) in all_names() {
            if let Some(other) = seen.insert(fold_name(name), outlet.name) {
                assert_eq!(other, outlet.name, "{name} names both");
            }
        }
    }
}
