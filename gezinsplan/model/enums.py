"""Enumerations of the domain: laws, life domains, roles and provision types.

Values are lower-case snake-case strings; they are the JSON interchange values
and the values rule files compare against.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AbsenceKind",
    "ArrearKind",
    "CareRole",
    "Desk",
    "Disability",
    "EducationStatus",
    "Eenheid",
    "Frequentie",
    "HousingStatus",
    "InformalKind",
    "InsuranceStatus",
    "JuridischeStatus",
    "KostendelerStudy",
    "Leefgebied",
    "MemberRole",
    "ObligationKind",
    "Product",
    "ProductCategory",
    "ProvisionKind",
    "ProvisionStatus",
    "RedenBeeindiging",
    "RentalAgreement",
    "RepresentationKind",
    "SchuldhulpPhase",
    "Urgency",
    "VeiligThuisStatus",
    "Verwijzer",
    "Wet",
]


class Wet(StrEnum):
    """The law that funds a provision or under which a professional works."""

    WMO = "wmo"
    JEUGDWET = "jeugdwet"
    PARTICIPATIEWET = "participatiewet"
    ONDERWIJS = "onderwijs"
    ZVW = "zvw"
    WLZ = "wlz"
    WGS = "wgs"
    TOESLAGEN = "toeslagen"
    INBURGERING = "inburgering"
    """Wet inburgering 2021 (the municipality's inburgering task)."""
    GEEN = "geen"
    """Not funded under a law: own strength, network, general free provisions."""


#: The four pillars of the municipal social domain.
SOCIAL_DOMAIN_WETTEN: frozenset[Wet] = frozenset(
    {Wet.WMO, Wet.JEUGDWET, Wet.PARTICIPATIEWET, Wet.ONDERWIJS}
)


class Leefgebied(StrEnum):
    """Life domains: the 13 of the Zelfredzaamheid-Matrix 2017 plus two household ones."""

    FINANCIEN = "financien"
    WERK_OPLEIDING = "werk_opleiding"
    TIJDSBESTEDING = "tijdsbesteding"
    HUISVESTING = "huisvesting"
    HUISELIJKE_RELATIES = "huiselijke_relaties"
    GEESTELIJKE_GEZONDHEID = "geestelijke_gezondheid"
    LICHAMELIJKE_GEZONDHEID = "lichamelijke_gezondheid"
    MIDDELENGEBRUIK = "middelengebruik"
    BASALE_ADL = "basale_adl"
    INSTRUMENTELE_ADL = "instrumentele_adl"
    SOCIAAL_NETWERK = "sociaal_netwerk"
    MAATSCHAPPELIJKE_PARTICIPATIE = "maatschappelijke_participatie"
    JUSTITIE = "justitie"
    VEILIGHEID = "veiligheid"
    OPVOEDING = "opvoeding"


#: Dutch display names of the life domains (for plans and reports).
LEEFGEBIED_LABELS: dict[Leefgebied, str] = {
    Leefgebied.FINANCIEN: "Financiën",
    Leefgebied.WERK_OPLEIDING: "Werk & opleiding",
    Leefgebied.TIJDSBESTEDING: "Tijdsbesteding",
    Leefgebied.HUISVESTING: "Huisvesting",
    Leefgebied.HUISELIJKE_RELATIES: "Huiselijke relaties",
    Leefgebied.GEESTELIJKE_GEZONDHEID: "Geestelijke gezondheid",
    Leefgebied.LICHAMELIJKE_GEZONDHEID: "Lichamelijke gezondheid",
    Leefgebied.MIDDELENGEBRUIK: "Middelengebruik",
    Leefgebied.BASALE_ADL: "Basale ADL",
    Leefgebied.INSTRUMENTELE_ADL: "Instrumentele ADL",
    Leefgebied.SOCIAAL_NETWERK: "Sociaal netwerk",
    Leefgebied.MAATSCHAPPELIJKE_PARTICIPATIE: "Maatschappelijke participatie",
    Leefgebied.JUSTITIE: "Justitie",
    Leefgebied.VEILIGHEID: "Veiligheid",
    Leefgebied.OPVOEDING: "Opvoeding en ontwikkeling",
}


class MemberRole(StrEnum):
    """The role of a member in the household."""

    OUDER = "ouder"
    PARTNER = "partner"
    KIND = "kind"
    PLEEGKIND = "pleegkind"
    INWONEND_FAMILIELID = "inwonend_familielid"
    OVERIG = "overig"


class ProvisionKind(StrEnum):
    """The legal form of a provision."""

    ALGEMENE_VOORZIENING = "algemene_voorziening"
    MAATWERKVOORZIENING = "maatwerkvoorziening"
    PGB = "pgb"
    UITKERING = "uitkering"
    VERBLIJF = "verblijf"


class Disability(StrEnum):
    """A recorded disability or condition (a fact on file, not the worker's guess)."""

    LVB = "lvb"
    """Licht verstandelijke beperking."""
    VERSTANDELIJK = "verstandelijk"
    LICHAMELIJK = "lichamelijk"
    ZINTUIGLIJK = "zintuiglijk"
    PSYCHISCH = "psychisch"
    """A psychische stoornis (for minors no ground for the Wlz: Wlz art. 3.2.1 lid 6)."""
    SOMATISCH = "somatisch"
    """A lasting somatic condition (a chronic physical illness; Wlz art. 3.2.1 lid 1)."""
    PSYCHOGERIATRISCH = "psychogeriatrisch"
    """A psychogeriatric condition such as dementia (Wlz art. 3.2.1 lid 1)."""


class RentalAgreement(StrEnum):
    """A written agreement at a commercial price under which a member lives in the home
    (Participatiewet art. 19a lid 1 onder b and c): such a member is no kostendeler."""

    MET_AANVRAGER = "met_aanvrager"
    """With the bijstand claimant, as huurder, verhuurder, onderhuurder, kostganger or
    kostgever (onder b; not for a relative in the first or second degree)."""
    MET_DERDE = "met_derde"
    """With the same third party (the landlord) as the claimant, who also has such an
    agreement (onder c)."""


class KostendelerStudy(StrEnum):
    """Education that keeps a member out of the kostendelersnorm (Participatiewet art. 19a
    lid 1 onder d)."""

    STUDIEFINANCIERING = "studiefinanciering"
    """Education that can give a right to studiefinanciering (Wsf 2000 art. 3.1), at an age
    that can qualify for it (onder d, 1°)."""
    WTOS = "wtos"
    """Education that can give a right to a tegemoetkoming under the Wtos, chapter 4
    (onder d, 2°)."""
    BBL = "bbl"
    """A vocational course in the beroepsbegeleidende leerweg (WEB art. 7.2.2; onder d, 3°)."""
    BUITENLAND = "buitenland"
    """Comparable education abroad (onder d, 4°)."""


class Verwijzer(StrEnum):
    """Who referred to a provision (the iJw/iWmo verwijzer types)."""

    GEMEENTE = "gemeente"
    HUISARTS = "huisarts"
    JEUGDARTS = "jeugdarts"
    MEDISCH_SPECIALIST = "medisch_specialist"
    GECERTIFICEERDE_INSTELLING = "gecertificeerde_instelling"
    RECHTER = "rechter"


class HousingStatus(StrEnum):
    """Where the household lives."""

    EIGEN_WONING = "eigen_woning"
    HUURWONING = "huurwoning"
    INWONEND = "inwonend"
    """Staying with others, with a fixed place."""
    BANK_HOPPEN = "bank_hoppen"
    """Moving between the couches of friends or family: without a home of one's own."""
    DAKLOOS = "dakloos"
    BESCHERMD_WONEN = "beschermd_wonen"
    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke_opvang"
    INSTELLING = "instelling"


class SchuldhulpPhase(StrEnum):
    """The phase of municipal schuldhulpverlening (Wet gemeentelijke schuldhulpverlening)."""

    AANGEMELD = "aangemeld"
    STABILISATIE = "stabilisatie"
    SCHULDREGELING = "schuldregeling"
    NAZORG = "nazorg"
    AFGEROND = "afgerond"


class ArrearKind(StrEnum):
    """What a payment arrear is for: the kind of creditor that signalled it (the
    signaalpartner of vroegsignalering, Wet gemeentelijke schuldhulpverlening)."""

    HUUR = "huur"
    HYPOTHEEK = "hypotheek"
    ENERGIE = "energie"
    WATER = "water"
    ZORGVERZEKERING = "zorgverzekering"
    OVERIG = "overig"


class InsuranceStatus(StrEnum):
    """Health insurance (Zorgverzekeringswet)."""

    VERZEKERD = "verzekerd"
    ONVERZEKERD = "onverzekerd"
    WANBETALER = "wanbetaler"
    """Six months or more of premium arrears: the bestuursrechtelijke premie via the CAK."""


class AbsenceKind(StrEnum):
    """School absence under the Leerplichtwet."""

    RELATIEF = "relatief"
    """Enrolled, but absent without a valid reason."""
    ABSOLUUT = "absoluut"
    """Of compulsory school age and not enrolled at any school."""


class VeiligThuisStatus(StrEnum):
    """Where Veilig Thuis stands with a safety concern."""

    GEEN = "geen"
    ADVIES = "advies"
    MELDING = "melding"
    ONDERZOEK = "onderzoek"
    OVERGEDRAGEN = "overgedragen"
    AFGESLOTEN = "afgesloten"


class ProvisionStatus(StrEnum):
    """Where a provision stands (as recorded; the dates decide what runs at a peildatum).

    ``aangevraagd`` and ``wachtlijst`` never run: their ``start`` is the planned start.
    ``overbrugging`` is bridging care while the right provision is waited for.
    ``beeindigd`` has ended on its ``end`` date.
    """

    AANGEVRAAGD = "aangevraagd"
    WACHTLIJST = "wachtlijst"
    OVERBRUGGING = "overbrugging"
    LOPEND = "lopend"
    BEEINDIGD = "beeindigd"


class ProductCategory(StrEnum):
    """Product category codes (``LDT_ProductCategorie``) of iWmo 3.2 (01-18) and iJw 3.2
    (31-38: the 2015 codes, 40-55).

    The codes do not overlap between the two standards; their labels are in
    :data:`gezinsplan.model.codelists.CODE_LISTS` (``product_category``). Pleegzorg is a
    product within 43/44, not a category of its own since 2015.
    """

    WMO_01 = "01"
    WMO_02 = "02"
    WMO_03 = "03"
    WMO_04 = "04"
    WMO_05 = "05"
    WMO_06 = "06"
    WMO_07 = "07"
    WMO_08 = "08"
    WMO_09 = "09"
    WMO_10 = "10"
    WMO_11 = "11"
    WMO_12 = "12"
    WMO_13 = "13"
    WMO_14 = "14"
    WMO_15 = "15"
    WMO_16 = "16"
    WMO_17 = "17"
    WMO_18 = "18"
    JW_31 = "31"
    JW_32 = "32"
    JW_33 = "33"
    JW_34 = "34"
    JW_35 = "35"
    JW_36 = "36"
    JW_37 = "37"
    JW_38 = "38"
    JW_40 = "40"
    JW_41 = "41"
    JW_42 = "42"
    JW_43 = "43"
    JW_44 = "44"
    JW_45 = "45"
    JW_46 = "46"
    JW_47 = "47"
    JW_48 = "48"
    JW_49 = "49"
    JW_50 = "50"
    JW_51 = "51"
    JW_52 = "52"
    JW_53 = "53"
    JW_54 = "54"
    JW_55 = "55"

    @property
    def wet(self) -> Wet:
        """The law of the code: :attr:`Wet.WMO` for 01-18, :attr:`Wet.JEUGDWET` otherwise."""
        return Wet.WMO if int(self.value) <= 18 else Wet.JEUGDWET

    @property
    def code_list(self) -> str:
        """``WMO020`` for iWmo codes, ``JZ020`` for iJw codes."""
        return "WMO020" if self.wet is Wet.WMO else "JZ020"


class Eenheid(StrEnum):
    """The unit of a volume (``LDT_Eenheid``, the same in iWmo and iJw 3.2)."""

    MINUUT = "01"
    UUR = "04"
    ETMAAL = "14"
    DAGDEEL = "16"
    """Dagdeel (4 uur)."""
    STUKS_OUTPUT = "82"
    EURO = "83"
    """Euro's: the volume is in eurocent."""
    STUKS_INSPANNING = "84"


class Frequentie(StrEnum):
    """How often a volume is given (``LDT_Frequentie``)."""

    PER_DAG = "1"
    PER_WEEK = "2"
    PER_MAAND = "4"
    TOTAAL = "6"
    """Total within the validity of the toewijzing."""


class JuridischeStatus(StrEnum):
    """The client's legal status (``LDT_JuridischeStatus``, iWmo and iJw 3.2)."""

    RM_VOORLOPIG = "01"
    """Rechterlijke machtiging (rm) voorlopig / voortgezette machtiging."""
    RM_EIGEN_VERZOEK = "02"
    RM_VOORWAARDELIJK_ONTSLAG = "03"
    OTS = "04"
    """Ondertoezichtstelling."""
    IBS = "05"
    """In bewaring stelling."""
    TBS = "11"
    JUSTITIEEL_OVERIG = "12"


class RedenBeeindiging(StrEnum):
    """Why delivery stopped (``LDT_RedenBeeindiging`` of the 307): the codes of both laws.

    A code can mean different things per law (31: Wmo "verhuizing naar een andere
    gemeente", Jeugdwet "volgens plan"); the meaning comes from the law's own code list,
    see :func:`gezinsplan.model.codelists.code_label`. Wmo uses 02, 19-23, 31, 36-39;
    the Jeugdwet 02, 20, 31-39.
    """

    OVERLIJDEN = "02"
    R19 = "19"
    R20 = "20"
    R21 = "21"
    R22 = "22"
    R23 = "23"
    R31 = "31"
    R32 = "32"
    R33 = "33"
    R34 = "34"
    R35 = "35"
    GEMEENTE = "36"
    WIJZIGINGSVERZOEK = "37"
    ANDERE_AANBIEDER = "38"
    UITSTROOM_ANDER_DOMEIN = "39"
    """Outflow to another domain (e.g. to the Wlz or the Zvw)."""


class Product(StrEnum):
    """What a provision is, in a controlled vocabulary that rules can test."""

    # Wmo 2015
    HUISHOUDELIJKE_HULP = "huishoudelijke_hulp"
    BEGELEIDING = "begeleiding"
    DAGBESTEDING = "dagbesteding"
    ARBEIDSMATIGE_DAGBESTEDING = "arbeidsmatige_dagbesteding"
    KORTDUREND_VERBLIJF = "kortdurend_verblijf"
    WONINGAANPASSING = "woningaanpassing"
    HULPMIDDEL = "hulpmiddel"
    VERVOER = "vervoer"
    BESCHERMD_WONEN = "beschermd_wonen"
    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke_opvang"
    MANTELZORGONDERSTEUNING = "mantelzorgondersteuning"
    # Jeugdwet
    JEUGDHULP_AMBULANT = "jeugdhulp_ambulant"
    JEUGDHULP_VERBLIJF = "jeugdhulp_verblijf"
    JEUGD_GGZ = "jeugd_ggz"
    PLEEGZORG = "pleegzorg"
    GEZINSHUIS = "gezinshuis"
    JEUGDBESCHERMING = "jeugdbescherming"
    JEUGDRECLASSERING = "jeugdreclassering"
    GESLOTEN_JEUGDHULP = "gesloten_jeugdhulp"
    # Participatiewet
    BIJSTAND = "bijstand"
    REINTEGRATIE = "reintegratie"
    BESCHUT_WERK = "beschut_werk"
    BIJZONDERE_BIJSTAND = "bijzondere_bijstand"
    # Onderwijs
    LEERLINGENVERVOER = "leerlingenvervoer"
    ONDERWIJSONDERSTEUNING = "onderwijsondersteuning"
    # Neighbours
    SCHULDHULPVERLENING = "schuldhulpverlening"
    GGZ_VOLWASSENEN = "ggz_volwassenen"
    WIJKVERPLEGING = "wijkverpleging"
    WLZ_ZORG = "wlz_zorg"
    ZORGTOESLAG = "zorgtoeslag"
    KINDERBIJSLAG = "kinderbijslag"
    KINDGEBONDEN_BUDGET = "kindgebonden_budget"
    OVERIG = "overig"


#: Income, not care or support: benefits and allowances (bijstand, bijzondere bijstand,
#: kinderbijslag, kindgebonden budget, zorgtoeslag). With every provision of kind
#: ``uitkering`` they do not count as "hulp" in triage (months in care, ended help).
INCOME_PRODUCTS: frozenset[Product] = frozenset(
    {
        Product.BIJSTAND,
        Product.BIJZONDERE_BIJSTAND,
        Product.KINDERBIJSLAG,
        Product.KINDGEBONDEN_BUDGET,
        Product.ZORGTOESLAG,
    }
)


class Desk(StrEnum):
    """The desk (loket) where a support question came in."""

    WMO = "wmo"
    JEUGD = "jeugd"
    PARTICIPATIE = "participatie"
    ONDERWIJS = "onderwijs"
    SCHULDHULP = "schuldhulp"
    CENTRALE_TOEGANG = "centrale_toegang"
    HUISARTS = "huisarts"
    VEILIG_THUIS = "veilig_thuis"


class Urgency(StrEnum):
    """How urgent a support question is."""

    LAAG = "laag"
    NORMAAL = "normaal"
    HOOG = "hoog"
    ACUUT = "acuut"


class ObligationKind(StrEnum):
    """Obligations attached to a Participatiewet benefit."""

    ARBEIDSVERPLICHTING = "arbeidsverplichting"
    TEGENPRESTATIE = "tegenprestatie"


class InformalKind(StrEnum):
    """Kinds of informal support."""

    MANTELZORGER = "mantelzorger"
    VRIJWILLIGER = "vrijwilliger"
    BUUR = "buur"
    FAMILIE = "familie"


class CareRole(StrEnum):
    """Roles a professional can have."""

    CASEMANAGER = "casemanager"
    WIJKCOACH = "wijkcoach"
    JEUGDCONSULENT = "jeugdconsulent"
    WMO_CONSULENT = "wmo_consulent"
    KLANTMANAGER = "klantmanager"
    SCHULDHULPVERLENER = "schuldhulpverlener"
    BEHANDELAAR = "behandelaar"
    BEGELEIDER = "begeleider"
    JEUGDBESCHERMER = "jeugdbeschermer"
    LEERPLICHTAMBTENAAR = "leerplichtambtenaar"
    INTERN_BEGELEIDER = "intern_begeleider"
    HUISARTS = "huisarts"
    WIJKVERPLEEGKUNDIGE = "wijkverpleegkundige"
    REINTEGRATIECOACH = "reintegratiecoach"
    OVERIG = "overig"


class EducationStatus(StrEnum):
    """School situation of a young member (leerplicht, kwalificatieplicht)."""

    INGESCHREVEN = "ingeschreven"
    GEEN_SCHOOL = "geen_school"
    STARTKWALIFICATIE = "startkwalificatie"
    VRIJSTELLING = "vrijstelling"


class RepresentationKind(StrEnum):
    """Legal representation of an adult (or of a minor turning 18)."""

    MENTORSCHAP = "mentorschap"
    BEWIND = "bewind"
    CURATELE = "curatele"
