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
    "HousingStatus",
    "InformalKind",
    "InsuranceStatus",
    "Leefgebied",
    "MemberRole",
    "ObligationKind",
    "Product",
    "ProductCategory",
    "ProvisionKind",
    "ProvisionStatus",
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
    """Product category codes: iWmo code list WMO020 (01-18) and iJw code list JZ020 (40-55).

    Only the code is modelled; the library does not depend on the code list labels
    (municipalities map their own products onto them). Code ``54`` is jeugd-ggz.
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
    def code_list(self) -> str:
        """``WMO020`` for iWmo codes, ``JZ020`` for iJw codes."""
        return "WMO020" if int(self.value) <= 18 else "JZ020"


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
