"""Draw a block of households as columns: one NumPy array per field, one row per entity.

The same choices and shares as :mod:`gezinsplan.generate`, drawn for every household of
the block at once. Each entity is a :class:`Cols` (field -> array) whose ``h`` is the
household's number within the block and whose rows are in the order the household lists
them. A missing value is :data:`NA` (numbers and dates) or -1 (codes).

Differences from the document generator, none of which moves a calibrated share: a member
with several bijstand provisions draws its obligations once; a question asks for the
product of its own provision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from gezinsplan.caseload.synth import vocab
from gezinsplan.caseload.synth.days import age_at, birthday
from gezinsplan.generate import MULTI_PROBLEM_SHARE, RECORD_SHARES

__all__ = ["NA", "Block", "Cols", "draw_block"]

Arr = npt.NDArray[Any]
Cols = dict[str, Arr]
NA = np.iinfo(np.int64).min
"""A missing number or date."""

# member roles, shapes, codes
OUDER, PARTNER, KIND, PLEEGKIND, INWONEND = range(5)
ROLES = ("ouder", "partner", "kind", "pleegkind", "inwonend_familielid")
ALLEEN, PAAR, GEZIN, EENOUDER, INWONEND_SHAPE = range(5)
MAX_MEMBERS = 6
_J, _P, _W = 0, 1, 2
_DOMAIN = {d: i for i, d in enumerate(vocab.DOMAINS)}
_PRODUCT = {p.name: i for i, p in enumerate(vocab.PRODUCTS)}
_GEM = vocab.ORG_IDS.index("o-gem")
#: role of the gemeente's own professional per law; a provider's is a begeleider
PROF_ROLES = ("jeugdconsulent", "klantmanager", "wmo_consulent", "begeleider", "behandelaar")
_BEGELEIDER, _BEHANDELAAR = 3, 4


@dataclass
class Block:
    """The households ``start`` … ``start + n - 1`` of a caseload, as columns."""

    seed: int
    start: int
    n: int
    peil: int
    households: Cols
    members: Cols
    provisions: Cols
    professionals: Cols
    serves: Cols
    collaborations: Cols
    questions: Cols
    organisations: Cols
    gem_wetten: Cols
    informal: Cols
    assessments: Cols
    safety: Cols
    safety_members: Cols
    parent_links: Cols


def _pick(rng: np.random.Generator, n: int, weights: Any) -> Arr:
    w = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(w), size=n, p=w / w.sum())


def _pick_rows(rng: np.random.Generator, table: Arr, rows: Arr) -> Arr:
    """A categorical draw per row from the weights ``table[rows]``."""
    cum = np.cumsum(table, axis=1)
    cum = cum / cum[:, -1:]
    u = rng.random(len(rows))
    out: Arr = (u[:, None] >= cum[rows][:, :-1]).sum(axis=1)
    return out


def _offsets(counts: Arr) -> Arr:
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def _positions(h: Arr, n: int) -> tuple[Arr, Arr]:
    """Per row of a household-sorted entity: its position in the household; and counts."""
    counts = np.bincount(h, minlength=n)
    return np.arange(len(h)) - _offsets(counts)[h], counts


def _choose(rng: np.random.Generator, pool: Arr) -> Arr:
    """A uniform choice of a True column per row of the boolean matrix ``pool``."""
    k = np.floor(rng.random(len(pool)) * pool.sum(axis=1)).astype(np.int64)
    out: Arr = np.argmax(np.cumsum(pool, axis=1) > k[:, None], axis=1)
    return out


def _randint(rng: np.random.Generator, lo: Any, hi: Any, n: int) -> Arr:
    """Whole numbers from ``lo`` to ``hi`` inclusive (like ``random.randint``)."""
    return rng.integers(lo, np.asarray(hi) + 1, size=n)


def _options(rng: np.random.Generator, options: Any, n: int) -> Arr:
    """A uniform choice from ``options`` (repeats weigh more, like ``random.choice``)."""
    return np.asarray(options)[rng.integers(0, len(options), size=n)]


def draw_block(seed: int, start: int, n: int, peil: int, rng: np.random.Generator) -> Block:
    """Draw ``n`` households numbered from ``start`` at the peildatum ``peil`` (day number)."""
    share = RECORD_SHARES
    hh: Cols = {}
    combo = _pick(rng, n, vocab.COMBO_WEIGHTS)
    flags = np.array(vocab.COMBO_LAWS)[combo]
    has_law = [flags[:, 0], flags[:, 1], flags[:, 2]]
    n_laws = flags.sum(axis=1)
    only_w = has_law[_W] & (n_laws == 1)
    multi = rng.random(n) < MULTI_PROBLEM_SHARE * np.where(n_laws > 1, 2.5, 0.67)
    gem = _pick(rng, n, vocab.GEMEENTE_WEIGHTS)
    wijk_first, wijk_count = np.array(vocab.WIJK_OFFSET).T
    wijk = wijk_first[gem] + np.floor(rng.random(n) * wijk_count[gem]).astype(np.int64)
    group = np.where(has_law[_J], 0, np.where(only_w, 1, 2))
    shape_weights = np.array(
        [[0, 0, 0.6, 0.4, 0], [0.6, 0.25, 0.1, 0, 0.05], [0.5, 0.1, 0.15, 0.2, 0.05]]
    )
    shape = _pick_rows(rng, shape_weights, group)
    elderly = only_w & (rng.random(n) < 0.6)
    with_kids = (shape == GEZIN) | (shape == EENOUDER)
    kids = np.where(with_kids, _pick(rng, n, [0.4, 0.35, 0.18, 0.07]) + 1, 0)
    partner = (shape == PAAR) | (shape == GEZIN)
    inwonend = shape == INWONEND_SHAPE
    n_members = 1 + partner + inwonend + kids

    # members
    mh = np.repeat(np.arange(n), n_members)
    mpos, _ = _positions(mh, n)
    m_count = len(mh)
    kid = mpos >= (1 + partner + inwonend)[mh]
    role = np.where(
        mpos == 0,
        OUDER,
        np.where(
            kid,
            np.where(rng.random(m_count) < 0.02, PLEEGKIND, KIND),
            np.where(inwonend[mh], INWONEND, PARTNER),
        ),
    )
    old = elderly[mh]
    lo = np.where(kid, 0, np.where(role == INWONEND, 70, np.where(old, 67, 20)))
    hi = np.where(kid, 17, np.where(role == INWONEND, 95, np.where(old, 92, 64)))
    birth = peil - _randint(rng, lo * 365 + 1, hi * 365 + 364, m_count)
    peil_col = np.full(m_count, peil, dtype=np.int64)
    age = age_at(birth, peil_col)
    minor = age < 18
    is_parent = (role == OUDER) | (role == PARTNER)
    education = np.where(
        (age >= 12) & minor, np.where(rng.random(m_count) < 0.06, 1, 0), -1
    )  # 0 ingeschreven, 1 geen_school
    members: Cols = {
        "h": mh,
        "pos": mpos,
        "role": role,
        "birth": birth,
        "age": age,
        "gezag": is_parent & with_kids[mh],
        "education": education,
        "needs_representation": minor & (rng.random(m_count) < 0.01),
    }

    # padded (household, position) views of the members
    midx = np.full((n, MAX_MEMBERS), -1, dtype=np.int64)
    midx[mh, mpos] = np.arange(m_count)
    valid = midx >= 0

    def padded(column: Arr) -> Arr:
        out: Arr = valid & column[np.where(valid, midx, 0)]
        return out

    minors_m = padded(minor)
    adults_m: Arr = valid & ~minors_m
    has_minor = np.asarray(minors_m.any(axis=1))
    working: Arr = adults_m & padded(age < 67)
    working = np.where(np.asarray(working.any(axis=1))[:, None], working, adults_m)

    # provisions: per law in order, one or two each
    ph_parts, law_parts = [], []
    for law in (_J, _P, _W):
        count = has_law[law] * (1 + (rng.random(n) < 0.25))
        ph_parts.append(np.repeat(np.arange(n), count))
        law_parts.append(np.full(int(count.sum()), law))
    ph = np.concatenate(ph_parts)
    order = np.argsort(ph, kind="stable")
    ph, plaw = ph[order], np.concatenate(law_parts)[order]
    ppos, n_base = _positions(ph, n)
    r = len(ph)
    use_adults = (rng.random(r) < 0.93) | ~has_minor[ph]
    j_pool = np.where(has_minor[:, None], minors_m, valid)
    pool = np.where(
        (plaw == _J)[:, None],
        j_pool[ph],
        np.where(
            (plaw == _P)[:, None],
            working[ph],
            np.where(use_adults[:, None], adults_m[ph], minors_m[ph]),
        ),
    )
    p_mpos = _choose(rng, pool)
    p_member = midx[ph, p_mpos]
    product = np.full(r, -1, dtype=np.int64)
    for law in (_J, _P, _W):
        rows = [i for i, p in enumerate(vocab.PRODUCTS) if p.law == law]
        drawn = np.array(rows)[_pick(rng, r, [vocab.PRODUCTS[i].weight for i in rows])]
        product = np.where(plaw == law, drawn, product)
    bijstand = product == _PRODUCT["bijstand"]
    law_orgs = np.full((3, 4), -1, dtype=np.int64)
    for law, codes in enumerate(vocab.LAW_ORGS):
        law_orgs[law, : len(codes)] = codes
    n_orgs = np.array([len(c) for c in vocab.LAW_ORGS])
    other = law_orgs[plaw, np.floor(rng.random(r) * n_orgs[plaw]).astype(np.int64)]
    provider = np.where((rng.random(r) < 0.6) | bijstand, _GEM, other)
    start_day = np.maximum(peil - _randint(rng, 20, 1500, r), birth[p_member])
    has_end = rng.random(r) < 0.15
    end = np.where(has_end, np.maximum(peil + _randint(rng, -200, 400, r), start_day), NA)
    has_category = np.array([p.category is not None for p in vocab.PRODUCTS])[product]
    provisions: Cols = {
        "h": ph,
        "pos": ppos,
        "member": p_member,
        "mpos": p_mpos,
        "law": plaw,
        "product": product,
        "provider": provider,
        "start": start_day,
        "end": end,
        "eigen_bijdrage": (plaw == _W) & (rng.random(r) < 0.5),
        "status": np.full(r, -1),
        **_toewijzing(
            rng, ph, ppos, product, plaw, provider, gem, start_day, end, has_category, start, peil
        ),
    }
    # the juridische status is the client's: every jeugdwet toewijzing of an OTS client
    ots = np.zeros(m_count, dtype=bool)
    ots[p_member[provisions["juridische_status"] >= 0]] = True
    provisions["juridische_status"] = np.where(
        ots[p_member] & (plaw == _J) & has_category, 0, provisions["juridische_status"]
    )

    # obligations of bijstand recipients
    on_bijstand = np.zeros(m_count, dtype=bool)
    on_bijstand[p_member[bijstand]] = True
    members["arbeidsverplichting"] = on_bijstand & (rng.random(m_count) < 0.6)
    members["arbeid_exempt"] = members["arbeidsverplichting"] & (rng.random(m_count) < 0.1)
    members["tegenprestatie"] = on_bijstand & (rng.random(m_count) < 0.2)

    # professionals of the provisions, then of multi-problem households
    prof_roles = np.where(provider == _GEM, plaw, _BEGELEIDER)
    mh_multi = np.flatnonzero(multi)
    extra = _randint(rng, 2, 4, len(mh_multi))
    xh = np.repeat(mh_multi, extra)
    x_count = len(xh)
    x_wet = rng.integers(0, 5, size=x_count)  # jeugdwet, participatiewet, wmo, zvw, wgs
    x_org = np.array(vocab.MULTI_ORGS)[rng.integers(0, 4, size=x_count)]
    served_a = np.floor(rng.random(x_count) * n_members[xh]).astype(np.int64)
    served_b = np.floor(rng.random(x_count) * n_members[xh]).astype(np.int64)
    prof_h = np.concatenate([ph, xh])
    prof_order = np.argsort(prof_h, kind="stable")
    prof_h = prof_h[prof_order]
    prof_pos, n_profs = _positions(prof_h, n)
    is_cm = np.concatenate([rng.random(r) < 0.25, rng.random(x_count) < 0.3])
    serve_lo = np.concatenate([p_mpos, np.minimum(served_a, served_b)])[prof_order]
    serve_hi = np.concatenate([np.full(r, -1), np.maximum(served_a, served_b)])[prof_order]
    serve_hi = np.where(serve_hi == serve_lo, -1, serve_hi)
    professionals: Cols = {
        "h": prof_h,
        "pos": prof_pos,
        "organisation": np.concatenate([provider, x_org])[prof_order],
        "role": np.concatenate([prof_roles, np.full(x_count, _BEHANDELAAR)])[prof_order],
        "wet": np.concatenate([plaw, x_wet])[prof_order],
        "is_casemanager": is_cm[prof_order],
    }
    sv_prof = np.concatenate([np.arange(len(prof_h)), np.flatnonzero(serve_hi >= 0)])
    sv_mpos = np.concatenate([serve_lo, serve_hi[serve_hi >= 0]])
    sv_order = np.lexsort((sv_mpos, sv_prof))
    serves: Cols = {"prof": sv_prof[sv_order], "mpos": sv_mpos[sv_order]}
    serves["h"] = prof_h[serves["prof"]]
    collaborations, groups, n_collab = _collaborate(rng, prof_h, prof_pos, n_profs, n)
    professionals["n_collaborators"] = n_collab
    hh["n_collaboration_groups"] = groups

    # organisations: the gemeente, then each provider and network organisation once
    org_h = np.concatenate([np.arange(n), ph, xh])
    org_code = np.concatenate([np.full(n, _GEM), provider, x_org])
    org_wet = np.concatenate([np.full(n, -1), plaw, x_wet])
    keys, first = np.unique(org_h * len(vocab.ORG_IDS) + org_code, return_index=True)
    organisations: Cols = {
        "h": keys // len(vocab.ORG_IDS),
        "org": keys % len(vocab.ORG_IDS),
        "wet": org_wet[first],
    }
    gw_h = np.concatenate([np.flatnonzero(has_law[law]) for law in (_J, _P, _W)])
    gw_law = np.concatenate([np.full(int(has_law[law].sum()), law) for law in (_J, _P, _W)])
    gw_order = np.lexsort((gw_law, gw_h))
    gem_wetten: Cols = {"h": gw_h[gw_order], "wet": gw_law[gw_order]}

    # questions, one per provision
    domain = np.array([p.domain for p in vocab.PRODUCTS])[product]
    registered = start_day - _randint(rng, 7, 60, r)
    aanvraag = registered + _randint(rng, 7, 35, r)
    decided = aanvraag + _randint(rng, 3, 14, r)
    wmo_desk = plaw == _W
    asked = (aanvraag <= peil) & (rng.random(r) >= share["wmo_request_open"]) & wmo_desk
    done = asked & (decided <= peil) & (rng.random(r) >= share["wmo_decision_open"])
    questions: Cols = {
        "h": ph,
        "pos": ppos,
        "mpos": p_mpos,
        "domain": domain,
        "desk": plaw,
        "urgency": _pick(rng, r, [0.2, 0.65, 0.15]),
        "registered": registered,
        "aanvraag": np.where(asked, aanvraag, NA),
        "decided": np.where(done, decided, NA),
        "asks_for": np.where(np.array([p.asked for p in vocab.PRODUCTS])[product], product, -1),
    }

    # safety concerns (drawn before the scores: a victim's score is set by it)
    concern = rng.random(n) < np.where(multi, 0.25, 0.015)
    sh = np.flatnonzero(concern)
    s_count = len(sh)
    first_victim = np.floor(rng.random(s_count) * n_members[sh]).astype(np.int64)
    step = 1 + np.floor(rng.random(s_count) * (n_members[sh] - 1)).astype(np.int64)
    second_victim = np.where(n_members[sh] > 1, (first_victim + step) % n_members[sh], -1)
    victims_lo = np.where(second_victim >= 0, np.minimum(first_victim, second_victim), first_victim)
    victims_hi = np.maximum(first_victim, second_victim)
    victims_hi = np.where(second_victim >= 0, victims_hi, -1)
    s_minor = has_minor[sh]
    safety: Cols = {
        "h": sh,
        "recorded": peil - _randint(rng, 1, 60, s_count),
        "children_present": s_minor,
        "veilig_thuis": _options(rng, [0, 0, 1, 2, 2, 3, 4], s_count),
    }
    safety["huisverbod"] = np.where(
        rng.random(s_count) < share["huisverbod_of_safety"], safety["recorded"] + 10, NA
    )
    sm_s = np.concatenate([np.arange(s_count), np.flatnonzero(victims_hi >= 0)])
    sm_m = np.concatenate([victims_lo, victims_hi[victims_hi >= 0]])
    sm_order = np.lexsort((sm_m, sm_s))
    safety_members: Cols = {"concern": sm_s[sm_order], "mpos": sm_m[sm_order]}
    safety_members["h"] = sh[safety_members["concern"]]

    assessments = _scores(
        rng,
        n,
        multi,
        n_members,
        mh,
        mpos,
        ph,
        ppos,
        p_mpos,
        domain,
        sh,
        victims_lo,
        birth,
        midx,
        peil,
    )
    low = np.bincount(assessments["h"][assessments["score"] <= 2], minlength=n)

    # informal support
    mantel = inwonend | (elderly & (rng.random(n) < 0.4))
    informal_other = ~mantel & (rng.random(n) < 0.2)
    ih = np.flatnonzero(mantel | informal_other)
    i_mantel = mantel[ih]
    informal: Cols = {
        "h": ih,
        "kind": np.where(i_mantel, 0, _options(rng, [1, 2, 3], len(ih))),
        "supports": np.where(inwonend[ih], n_members[ih] - 1, 0),
        "supporter": np.where(inwonend[ih], 0, -1),
        "hours": np.where(i_mantel, _options(rng, [4, 8, 12, 20, 30], len(ih)), NA),
    }  # kinds: mantelzorger, familie, buur, vrijwilliger

    hh.update(gemeente=gem, wijk=wijk, multi=multi)
    _enrich(rng, hh, members, provisions, n, peil, padded, adults_m, low, share)

    # the requested follow-up for youths in jeugdhulp turning 18
    in_jeugd = np.zeros(m_count, dtype=bool)
    in_jeugd[p_member[plaw == _J]] = True
    follow = (
        (age >= 16)
        & minor
        & in_jeugd
        & (rng.random(m_count) < share["planned_followup_of_jeugdhulp_16_17"])
    )
    fm = np.flatnonzero(follow)
    fh = mh[fm]
    f_count = len(fm)
    f_rank, _ = _positions(fh, n)
    followups: Cols = {
        "h": fh,
        "pos": n_base[fh] + f_rank,
        "member": fm,
        "mpos": mpos[fm],
        "law": np.full(f_count, _W),
        "product": np.full(f_count, _PRODUCT["begeleiding"]),
        "provider": np.full(f_count, -1),
        "start": birthday(birth[fm], 18),
        "end": np.full(f_count, NA),
        "eigen_bijdrage": np.zeros(f_count, dtype=bool),
        "status": _options(rng, [0, 1], f_count),  # aangevraagd, wachtlijst
    }
    for name, column in provisions.items():
        if name not in followups:
            blank = False if column.dtype == bool else (NA if name in _NUMBERS else -1)
            followups[name] = np.full(f_count, blank, dtype=column.dtype)
    merged = {k: np.concatenate([provisions[k], followups[k]]) for k in provisions}
    p_order = np.lexsort((merged["pos"], merged["h"]))
    provisions = {k: v[p_order] for k, v in merged.items()}
    provisions["category"] = np.where(
        provisions["toewijzingnummer"] != NA, provisions["product"], -1
    )

    hh["housing"] = _housing(rng, n, provisions, share)
    _finances(rng, hh, provisions, n, peil, share)
    adult = members["adult"]
    wanbetaler = (
        adult & hh["debts"][mh] & (rng.random(m_count) < share["wanbetaler_of_adults_with_debts"])
    )
    onverzekerd = adult & ~wanbetaler & (rng.random(m_count) < share["onverzekerd_of_adults"])
    members["insurance"] = np.where(wanbetaler, 0, np.where(onverzekerd, 1, -1))

    parent_links = _parent_links(rng, n, mh, mpos, role, minor, partner, share)
    return Block(
        seed=seed,
        start=start,
        n=n,
        peil=peil,
        households=hh,
        members=members,
        provisions=provisions,
        professionals=professionals,
        serves=serves,
        collaborations=collaborations,
        questions=questions,
        organisations=organisations,
        gem_wetten=gem_wetten,
        informal=informal,
        assessments=assessments,
        safety=safety,
        safety_members=safety_members,
        parent_links=parent_links,
    )


_NUMBERS = frozenset(
    {
        "start",
        "end",
        "toewijzingsdatum",
        "delivery_start",
        "delivery_end",
        "toewijzingnummer",
        "budget",
        "volume",
    }
)


def _toewijzing(
    rng: np.random.Generator,
    ph: Arr,
    ppos: Arr,
    product: Arr,
    plaw: Arr,
    provider: Arr,
    gem: Arr,
    start_day: Arr,
    end: Arr,
    has_category: Arr,
    start: int,
    peil: int,
) -> Cols:
    """What an iWmo/iJw toewijzing carries, for the provisions with a product category."""
    r = len(ph)
    kinds = np.array([p.kind for p in vocab.PRODUCTS])[product]
    aid = np.isin(product, [_PRODUCT["hulpmiddel"], _PRODUCT["woningaanpassing"]])
    verblijf = ~aid & (kinds == "verblijf")
    budget_other = ~aid & ~verblijf & (rng.random(r) < 0.1)
    per_week = ~aid & ~verblijf & ~budget_other
    budget = np.where(
        aid,
        _randint(rng, 50, 15_000, r) * 100,
        np.where(budget_other, _randint(rng, 5, 400, r) * 1000, NA),
    )
    volume = np.where(
        verblijf, _randint(rng, 28, 31, r), np.where(per_week, _randint(rng, 1, 8, r), NA)
    )
    js = (product == _PRODUCT["jeugdbescherming"]) & (rng.random(r) < 0.8)
    started = start_day <= peil
    begin = start_day + _randint(rng, 0, 14, r)
    ended = end != NA
    delivery_start = np.where(started, np.where(ended, np.minimum(begin, end), begin), NA)
    stopped = started & ended & (end < peil)
    reden = np.where(rng.random(r) < 0.1, 0, np.where(plaw == _W, 1, 2))  # 39, 19, 31
    c = has_category
    return {
        "toewijzingnummer": np.where(c, (start + ph) * 100 + ppos + 1, NA),
        "gemeente": gem[ph],
        "toewijzingsdatum": np.where(c, start_day - _randint(rng, 0, 30, r), NA),
        "budget": np.where(c, budget, NA),
        "volume": np.where(c, volume, NA),
        "unit": np.where(c & verblijf, 0, np.where(c & per_week, 1, -1)),  # 14/4, 04/2
        "juridische_status": np.where(c & js, 0, -1),
        "delivery_start": np.where(c, delivery_start, NA),
        "delivery_end": np.where(c & stopped, end, NA),
        "reden_beeindiging": np.where(c & stopped, reden, -1),
    }


def _collaborate(
    rng: np.random.Generator, prof_h: Arr, prof_pos: Arr, n_profs: Arr, n: int
) -> tuple[Cols, Arr, Arr]:
    """Each pair of a household's professionals collaborates with chance 0.35: the pairs,
    the number of collaboration groups per household and each one's collaborators."""
    k = int(n_profs.max(initial=0))
    size = max(k, 1)
    valid = np.arange(size)[None, :] < n_profs[:, None]
    upper = np.triu(np.ones((size, size), dtype=bool), 1)
    edge = (rng.random((n, size, size)) < 0.35) & upper & valid[:, :, None] & valid[:, None, :]
    hi, a, b = np.nonzero(edge)  # ordered by household, professional, other
    offsets = _offsets(n_profs)
    pairs: Cols = {"h": hi, "prof": offsets[hi] + a, "other": offsets[hi] + b}
    both = edge | edge.transpose(0, 2, 1)
    reach = both | np.eye(size, dtype=bool)
    for _ in range(max(1, int(np.ceil(np.log2(size))))):
        reach = np.matmul(reach.astype(np.int16), reach.astype(np.int16)) > 0
    lower = np.tril(np.ones((size, size), dtype=bool), -1)
    root = valid & ~(reach & lower).any(axis=2)
    groups: Arr = root.sum(axis=1)
    degree = both.sum(axis=2)
    return pairs, groups, degree[prof_h, prof_pos]


def _scores(
    rng: np.random.Generator,
    n: int,
    multi: Arr,
    n_members: Arr,
    mh: Arr,
    mpos: Arr,
    ph: Arr,
    ppos: Arr,
    p_mpos: Arr,
    domain: Arr,
    sh: Arr,
    victims: Arr,
    birth: Arr,
    midx: Arr,
    peil: int,
) -> Cols:
    """The ZRM scores: per provision, extra low ones in multi-problem households, two
    others per member where nothing was scored, then the last recorded per member and
    domain wins; sorted by member and leefgebied."""
    r = len(ph)
    parts: list[tuple[Arr, Arr, Arr, Arr, Arr]] = []
    score = np.where(multi[ph], 2, _options(rng, [2, 2, 3, 3, 3], r))
    parts.append((ph, p_mpos, domain, score, 1 + ppos))
    xh = np.repeat(np.flatnonzero(multi), 6)
    x_dom = np.argsort(rng.random((int(multi.sum()), 13)), axis=1)[:, :6].ravel()
    x_m = np.floor(rng.random(len(xh)) * n_members[xh]).astype(np.int64)
    parts.append((xh, x_m, x_dom, _options(rng, [1, 2, 2], len(xh)), np.full(len(xh), 100)))
    m_count = len(mh)
    d1 = rng.integers(0, 13, size=m_count)
    d2 = (d1 + 1 + rng.integers(0, 12, size=m_count)) % 13
    for d in (d1, d2):
        parts.append((mh, mpos, d, _options(rng, [3, 4, 4, 5, 5], m_count), np.full(m_count, -1)))
    lone = ~multi & (rng.random(n) < 0.08)
    lh = np.flatnonzero(lone)
    l_dom = np.where(rng.random(len(lh)) < 0.5, _DOMAIN["financien"], _DOMAIN["huisvesting"])
    parts.append(
        (
            lh,
            np.zeros(len(lh), dtype=np.int64),
            l_dom,
            _options(rng, [1, 2], len(lh)),
            np.full(len(lh), 200),
        )
    )
    parts.append(
        (
            sh,
            victims,
            np.full(len(sh), _DOMAIN["huiselijke_relaties"]),
            np.ones(len(sh), dtype=np.int64),
            np.full(len(sh), 300),
        )
    )
    h, m, d, s, prio = (np.concatenate([p[i] for p in parts]) for i in range(5))
    rank = np.argsort(np.argsort(np.array(vocab.DOMAINS)))  # leefgebied -> sorted position
    order = np.lexsort((prio, rank[d], m, h))
    h, m, d, s = h[order], m[order], d[order], s[order]
    key = (h * 8 + m) * 16 + rank[d]
    last = np.append(key[1:] != key[:-1], True)[: len(key)]
    h, m, d, s = h[last], m[last], d[last], s[last]
    assessment_day = peil - _randint(rng, 1, 120, n)
    return {
        "h": h,
        "mpos": m,
        "domain": d,
        "score": s,
        "date": np.maximum(assessment_day[h], birth[midx[h, m]]),
    }


def _enrich(
    rng: np.random.Generator,
    hh: Cols,
    members: Cols,
    provisions: Cols,
    n: int,
    peil: int,
    padded: Any,
    adults_m: Arr,
    low: Arr,
    share: dict[str, float],
) -> None:
    """The recorded facts of members beyond laws and provisions (see RECORD_SHARES)."""
    mh, age, role = members["h"], members["age"], members["role"]
    m_count = len(mh)
    minor = age < 18
    adult = ~minor
    members["adult"] = adult
    jeugd = np.zeros(m_count, dtype=bool)
    jeugd[provisions["member"][provisions["law"] == _J]] = True
    absent = (
        (age >= 5)
        & minor
        & (
            rng.random(m_count)
            < np.where(jeugd, share["absence_of_minors_jeugdhulp"], share["absence_of_minors"])
        )
    )
    members["school_absence"] = np.where(absent, np.where(rng.random(m_count) < 0.85, 0, 1), -1)
    members["thuiszitter"] = absent & (rng.random(m_count) < share["thuiszitter_of_absence"])
    young_carer = (age >= 10) & minor & (rng.random(m_count) < share["young_carer_of_minors_10_17"])
    carer = adult & (age < 80) & (rng.random(m_count) < share["care_outside_of_adults"])
    members["care_outside_hours"] = np.where(
        young_carer,
        _options(rng, [2, 4, 6, 10], m_count),
        np.where(carer, _options(rng, [2, 4, 4, 8, 12, 20], m_count), NA),
    )
    pleeg = role == PLEEGKIND
    members["voogdij"] = pleeg & minor & (rng.random(m_count) < share["voogdij_of_pleegkinderen"])
    in_pleegzorg = np.zeros(m_count, dtype=bool)
    in_pleegzorg[provisions["member"][provisions["product"] == _PRODUCT["pleegzorg"]]] = True
    members["pleegvergoeding"] = pleeg & minor & in_pleegzorg
    members["lvb"] = (age >= 5) & (
        rng.random(m_count)
        < np.where(jeugd, share["lvb_of_minors_jeugdhulp"], share["lvb_of_members"])
    )
    status = rng.random(n) < share["statushouder_households"]
    pip = rng.random(n) < share["pip_of_statushouders"]
    members["statushouder"] = adult & status[mh]
    members["inburgering_pip"] = members["statushouder"] & pip[mh]
    members["inburgering_sinds"] = np.where(
        members["statushouder"], np.maximum(peil - 730, members["birth"]), NA
    )
    refuses = (low >= 5) & (rng.random(n) < share["help_refused_multi_problem"])
    who = np.argmax(
        np.cumsum(adults_m, axis=1) > np.floor(rng.random(n) * adults_m.sum(axis=1))[:, None],
        axis=1,
    )
    members["help_refused"] = np.where(
        refuses[mh] & (members["pos"] == who[mh]), _randint(rng, 2, 4, n)[mh], 0
    )


def _housing(rng: np.random.Generator, n: int, provisions: Cols, share: dict[str, float]) -> Arr:
    """0 dakloos, 1 bank_hoppen, 2 beschermd_wonen, 3 eigen_woning, 4 huurwoning."""
    u = rng.random(n)
    bw = np.zeros(n, dtype=bool)
    bw[provisions["h"][provisions["product"] == _PRODUCT["beschermd_wonen"]]] = True
    own = rng.random(n) < share["eigen_woning"]
    out: Arr = np.where(
        u < share["dakloos"],
        0,
        np.where(
            u < share["dakloos"] + share["bank_hoppen"], 1, np.where(bw, 2, np.where(own, 3, 4))
        ),
    )
    return out


def _finances(
    rng: np.random.Generator, hh: Cols, provisions: Cols, n: int, peil: int, share: dict[str, float]
) -> None:
    bijstand = np.zeros(n, dtype=bool)
    bijstand[provisions["h"][provisions["product"] == _PRODUCT["bijstand"]]] = True
    debts = rng.random(n) < np.where(
        bijstand, share["debts_with_bijstand"], share["debts_without_bijstand"]
    )
    requested = debts & (rng.random(n) < share["schuldhulp_requested_of_debts"])
    arrears = debts & (hh["housing"] == 4) & (rng.random(n) < share["rent_arrears_of_debts"])
    eviction = arrears & (rng.random(n) < share["eviction_of_rent_arrears"])
    hh["debts"] = debts
    hh["schuldhulp_requested"] = np.where(requested, peil - _randint(rng, 3, 400, n), NA)
    hh["schuldhulp_phase"] = np.where(requested, _options(rng, [0, 1, 1, 2, 3], n), -1)
    hh["rent_arrears_months"] = np.where(arrears, _randint(rng, 1, 8, n), NA)
    hh["eviction"] = np.where(eviction, peil + _randint(rng, 7, 60, n), NA)
    hh["energy_cutoff"] = debts & (rng.random(n) < share["energy_cutoff_of_debts"])


def _parent_links(
    rng: np.random.Generator,
    n: int,
    mh: Arr,
    mpos: Arr,
    role: Arr,
    minor: Arr,
    partner: Arr,
    share: dict[str, float],
) -> Cols:
    """Per child (not a pleegkind): a link to each parent with gezag, and with one parent
    at home sometimes the parent who lives elsewhere."""
    child = np.flatnonzero(minor & (role == KIND))
    ch = mh[child]
    elsewhere = ~partner[ch] & (rng.random(len(child)) < share["parent_elsewhere_eenouder"])
    gezag = rng.random(len(child)) < 0.8
    parts = [
        (child, np.zeros(len(child), dtype=np.int64), np.ones(len(child), dtype=bool), 0),
    ]
    second = child[partner[ch]]
    parts.append(
        (second, np.ones(len(second), dtype=np.int64), np.ones(len(second), dtype=bool), 1)
    )
    away = child[elsewhere]
    parts.append((away, np.full(len(away), -1), gezag[elsewhere], 2))
    c = np.concatenate([p[0] for p in parts])
    parent = np.concatenate([p[1] for p in parts])
    gz = np.concatenate([p[2] for p in parts])
    seq = np.concatenate([np.full(len(p[0]), p[3]) for p in parts])
    order = np.lexsort((seq, c))
    c = c[order]
    return {"h": mh[c], "child": mpos[c], "parent": parent[order], "gezag": gz[order]}
