"""Word lists the people step reads: title heads and modifiers, honorifics, styles and
ranks (dropped from names), words that end a capitalised run, name particles, and words
that are never part of a person's name. Lower case; a token matches by its base form."""

from __future__ import annotations

import re

# a state's form before its name: "the Republic of Portugal", "the Kingdom of Bahrain"
STATE_FORM = (
    r"(?:(?:Federal|Islamic|Democratic|People[’']s|Socialist|United|Arab|Hashemite|"
    r"Plurinational|Bolivarian|Cooperative)\s+)*(?:Republic|Kingdom|Federation|Sultanate|"
    r"State|Principality|Commonwealth|Confederation|Emirates?)"
)

HEADS = frozenset(
    """
    secretary secretaries minister ministers president presidents director directors
    director-general ambassador ambassadors advisor adviser coordinator envoy
    representative administrator commissioner chancellor premier counselor counsellor
    councilor councillor prosecutor chairman chairwoman chair chairperson chief
    spokesperson spokesman spokeswoman governor mayor senator speaker member commander
    officer head leader leaders king queen prince princess emir sultan sheikh sherpa
    assistant undersecretary consul general secretary-general vice-president
    vice-chairman attaché czar negotiator comptroller counsel delegate superintendent
    commandant judge justice chargé affaires sheriff executive lawmaker congressman
    congresswoman mp principal aide staff ambassador-at-large scientist
    dpm
    """.split()
)

# title heads in the plural: a title shared by the people named after it
PLURAL_HEADS = frozenset(
    """
    secretaries ministers presidents directors ambassadors leaders envoys representatives
    commissioners chiefs heads
    """.split()
)

HONORIFICS = frozenset(
    """
    mr ms mrs dr hon honorable honourable excellency madam sir dame lord prof professor
    engr ato woizero weizero h.e. h.e mr.
    ms. mrs. dr. his her the
    """.split()
)

# styles of nobility, religion and courtesy: never a title, never part of a name
# ("H.H. Sheikh Abdullah", "Dato' Seri Utama Mohamad Hasan", "Shri V. Muraleedharan")
STYLES = frozenset(
    """
    sheikh sheikha shaikh prince princess sayyid sayed seyyed sayyed shri smt shrimati
    dato datuk datin seri utama h.h hh he excellency highness majesty mme madame alhaji
    mlle sen rtd honourable honorable hon
    """.split()
)

# words that end a capitalised run in a headline or a sentence ("X Meets with Y", "X Holds
# Talks with Y", "Readout of Secretary X's Call With Y")
RUN_BREAK = frozenset(
    """
    readout meeting meetings meets met with call calls holds held has have had talks
    visits speaks spoke receives received hosts hosted says discusses discussed
    attends joins co-chairs welcomes concludes pays paid engages
    """.split()
)

SUFFIX_WORDS = frozenset(
    """
    jr sr ii iii iv
    """.split()
)

RANKS = frozenset(
    """
    general lieutenant admiral colonel major brigadier captain gen lt adm col vice rear
    sergeant ambassador maj brig capt amb marshal commodore
    """.split()
)

MODIFIERS = frozenset(
    """
    deputy senior acting principal special first vice assistant under associate
    executive permanent chief national foreign interim prime joint second third
    parliamentary state lead former crown supreme presidential designate high
    deputy-designate co-chair co-chairs
    """.split()
)

GENERAL_OF = frozenset(
    """
    attorney director secretary surgeon inspector consul solicitor governor auditor
    accountant postmaster adjutant
    """.split()
)

# sentence-opening words that are never part of a title ("Following President X's call")
LEAD_WORDS = frozenset(
    """
    following after before since today yesterday earlier later during when while as also
    then meanwhile additionally separately finally like unlike per with without tonight
    """.split()
)

CONNECT = frozenset(
    """
    of for the to and on in at
    """.split()
)

PARTICLES = frozenset(
    """
    de del da dos das van von der den al bin la le du y di el ibn ter
    """.split()
)

# a capitalised name of up to five words, particles between them ("Faisal bin Farhan"): the
# names of the list and lower-case-title readers, which read a name right after a title
NAME_RUN = re.compile(
    r"[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|(?:bin|bint|ibn|al|el|de|da|del|van|von|der|la|le|di)"
    r"\b)){0,4}"
)

MONTHS = frozenset(
    """
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday today yesterday
    """.split()
)

# heads of the names of places, programmes, awards and documents, pronouns and function
# words, and the words of bodies' and topics' names: never part of a person's name
NOT_NAMES = MONTHS | frozenset(
    """
    airport palace residence headquarters hotel building university college school
    foundation fellowship prize award scholar fund assistance consultation telescope
    accords agreement agreements agenda report contributions gas union bank assembly
    framework initiative strategy treaty declaration yes no from is americans disabled
    readout statement the a an on in during this that these both they he she we our his
    her their its it i you and also following after at as with since senior officials
    government governments united states delegation delegations side white house office
    department ministry bureau meeting summit dialogue working group task force council
    commission committee party forum conference partnership joint plan act program
    programme covid-19 covid nato g7 g20 asean quad apec un administration biden-harris
    indo-pacific pacific atlantic north south east west central global international
    regional federal republic kingdom islands affairs security policy national foreign
    defense defence trade economic energy climate health human rights counterterrorism
    crime transnational homeland cyber space asia europe africa americas america middle
    near western hemisphere sea strait peninsula olympic olympics games day week year
    month sherpa corps reconciliation embassy consulate mission communist politburo
    cabinet army navy air forces command police guard coast nonproliferation arms
    control compliance verification narcotics development cooperation commerce industry
    finance treasury justice interior labor education agriculture transportation
    veterans environment environmental scientific oceans democracy governance management
    budget intelligence operations planning strategic stability technology science
    innovation investment infrastructure public diplomacy communications press media
    legal political military relations women issues coordination response humanitarian
    migration refugees population counternarcotics law enforcement customs border
    protection food nuclear weapons mass destruction countering chemical biological
    province provinces region river telephone talk telegram channel plus commonwealth
    pandemic supply chain chains critical minerals digital information emerging
    technologies export controls sanctions anti corruption civilian crisis conflict
    stabilization counterintelligence services
    plans programs resources logistics acquisition sustainment readiness personnel research
    engineering substance use abuse prevention treatment safety reform integrity accountability
    oversight ethics allies partners
    """.split()
)
