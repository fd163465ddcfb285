"""Facts from the two source documents, each checked against the loaded graph.

Every row quotes the sentence it comes from and names its document. The checks were written
from the text, not from the data: they are the knowledge graph's acceptance test. A check is
the body of a SPARQL ASK query over ontology/ + data/ (no inference).

EN is the encyclopedia article on Jess Thorup (English, as of after 8 October 2025);
NL is the Dutch news article of Monday 2 November 2020 on his move from Genk to Copenhagen.
"""

# The quotes keep the en dashes of the sources ("2012-13" is written with an en dash there).
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph

from footballkg.rdf.namespaces import ALL_PREFIXES

ROOT = Path(__file__).resolve().parents[1]

EN = "encyclopedia article 'Jess Thorup' (source:encyclopedia-jess-thorup)"
NL = "Dutch news article of 2 November 2020 (source:news-thorup-genk-2020-11-02)"


@dataclass(frozen=True)
class Fact:
    id: str
    document: str
    quote: str
    check: str  # body of an ASK query


FACTS: list[Fact] = [
    # ------------------------------------------------------------------ the person
    Fact(
        "birth-date",
        EN,
        "Jess Thorup (born 21 February 1970) is a Danish professional football manager and "
        "former player.",
        'person:jess-thorup fkg:birthDate "1970-02-21"^^xsd:date .',
    ),
    Fact(
        "birth-place",
        EN,
        "Birthplace: Hjerting, Denmark",
        """person:jess-thorup fkg:birthPlace ?p .
           ?p rdfs:label "Hjerting"@en ; fkg:country country:denmark .""",
    ),
    Fact(
        "nationality",
        EN,
        "Jess Thorup (born 21 February 1970) is a Danish professional football manager",
        "person:jess-thorup fkg:nationality country:denmark .",
    ),
    Fact(
        "position",
        EN,
        "Position: Forward",
        "person:jess-thorup fkg:playingPosition position:forward .",
    ),
    Fact(
        "age-50",
        NL,
        "Langer duurt de samenwerking tussen Jess Thorup (50) en Racing Genk naar alle "
        "waarschijnlijkheid niet.",
        """?f a fkg:StatedFigure ; fkg:about person:jess-thorup ; fkg:measure measure:age ;
              fkg:value 50 ; fkg:asOf "2020-11-02"^^xsd:date ;
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .""",
    ),
    # ------------------------------------------------------------------ playing career
    Fact(
        "ob-youth-academy-debut-1989",
        EN,
        "Thorup progressed through the youth academy of Odense (OB). He made his professional "
        "debut for the club in 1989",
        """?t fkg:person person:jess-thorup ; fkg:team team:odense-bk ; fkg:role role:player ;
              fkg:viaYouthAcademy true ; fkg:startDate "1989"^^xsd:gYear ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup .""",
    ),
    Fact(
        "ob-league-title-1989",
        EN,
        "He made his professional debut for the club in 1989, and won the Danish league title "
        "the same year. / Honours: OB - 1st Division: 1989",
        """?h a fkg:Honour ; fkg:team team:odense-bk ; fkg:competition ?c ; fkg:season ?s ;
              fkg:outcome outcome:winner ; fkg:person person:jess-thorup ; fkg:role role:player .
           ?c rdfs:label "Danish 1st Division"@en .
           ?s fkg:firstYear "1989"^^xsd:gYear ; fkg:lastYear "1989"^^xsd:gYear .""",
    ),
    Fact(
        "ob-cup-1990-91",
        EN,
        "In both 1991 and 1993, Thorup was also part of the team winning the Danish Cup. / "
        "Danish Cup: 1990–91, 1992–93",
        """?h a fkg:Honour ; fkg:team team:odense-bk ; fkg:competition competition:danish-cup ;
              fkg:season ?s ; fkg:outcome outcome:winner ; fkg:role role:player .
           ?s fkg:firstYear "1990"^^xsd:gYear ; fkg:lastYear "1991"^^xsd:gYear .""",
    ),
    Fact(
        "ob-cup-1992-93",
        EN,
        "In both 1991 and 1993, Thorup was also part of the team winning the Danish Cup. / "
        "Danish Cup: 1990–91, 1992–93",
        """?h a fkg:Honour ; fkg:team team:odense-bk ; fkg:competition competition:danish-cup ;
              fkg:season ?s ; fkg:outcome outcome:winner ; fkg:role role:player .
           ?s fkg:firstYear "1992"^^xsd:gYear ; fkg:lastYear "1993"^^xsd:gYear .""",
    ),
    Fact(
        "uerdingen-1996",
        EN,
        "In 1996, he moved to Germany and joined Uerdingen 05, who competed in the 2. Bundesliga.",
        """tenure:jess-thorup-kfc-uerdingen-05-player-1996 fkg:person person:jess-thorup ;
              fkg:team team:kfc-uerdingen-05 ; fkg:role role:player ;
              fkg:startDate "1996"^^xsd:gYear .
           team:kfc-uerdingen-05 fkg:country country:germany .""",
    ),
    Fact(
        "uerdingen-end-halfway-1997-98",
        EN,
        "he moved to Austrian football halfway through the 1997–98 season",
        """tenure:jess-thorup-kfc-uerdingen-05-player-1996
              fkg:endNotBefore "1997"^^xsd:gYear ; fkg:endNotAfter "1998"^^xsd:gYear ;
              fkg:endText ?text .
           FILTER NOT EXISTS { tenure:jess-thorup-kfc-uerdingen-05-player-1996 fkg:endDate ?d }
           FILTER CONTAINS(STR(?text), "halfway through the 1997–98 season")""",
    ),
    Fact(
        "uerdingen-three-goals",
        EN,
        "After just three goals in 39 league games, he moved to Austrian football",
        """?f a fkg:StatedFigure ; fkg:about tenure:jess-thorup-kfc-uerdingen-05-player-1996 ;
              fkg:measure measure:league-goals ; fkg:value 3 ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup .""",
    ),
    Fact(
        "uerdingen-39-league-games",
        EN,
        "After just three goals in 39 league games, he moved to Austrian football",
        """?f a fkg:StatedFigure ; fkg:about tenure:jess-thorup-kfc-uerdingen-05-player-1996 ;
              fkg:measure measure:league-games ; fkg:value 39 ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup .""",
    ),
    Fact(
        "tirol-innsbruck",
        EN,
        "he moved to Austrian football halfway through the 1997–98 season, where he joined "
        "Tirol Innsbruck. He returned to Denmark in the summer of 1998",
        """?t fkg:person person:jess-thorup ; fkg:team team:fc-tirol-innsbruck ;
              fkg:role role:player ;
              fkg:startNotBefore "1997"^^xsd:gYear ; fkg:startNotAfter "1998"^^xsd:gYear ;
              fkg:endDate "1998"^^xsd:gYear .
           team:fc-tirol-innsbruck fkg:country country:austria .""",
    ),
    Fact(
        "esbjerg-player-1998-2005",
        EN,
        "He returned to Denmark in the summer of 1998, and played for Esbjerg fB until 2005.",
        """?t fkg:person person:jess-thorup ; fkg:team team:esbjerg-fb ; fkg:role role:player ;
              fkg:startDate "1998"^^xsd:gYear ; fkg:endDate "2005"^^xsd:gYear .""",
    ),
    Fact(
        "hamkam-2005",
        EN,
        "He then signed with HamKam in Norway",
        """?t fkg:person person:jess-thorup ; fkg:team team:hamkam ; fkg:role role:player ;
              fkg:startDate "2005"^^xsd:gYear .
           team:hamkam fkg:country country:norway .""",
    ),
    Fact(
        "retired-2006-at-esbjerg",
        EN,
        "before returning to Esbjerg where he retired in 2006.",
        """?t fkg:person person:jess-thorup ; fkg:team team:esbjerg-fb ; fkg:role role:player ;
              fkg:endDate "2006"^^xsd:gYear ; fkg:endCause end-cause:retired .""",
    ),
    Fact(
        "six-playing-tenures",
        EN,
        "Odense (OB) ... Uerdingen 05 ... Tirol Innsbruck ... Esbjerg fB until 2005 ... HamKam "
        "... returning to Esbjerg where he retired in 2006.",
        """{ SELECT (COUNT(?t) AS ?n) WHERE {
               ?t a fkg:Tenure ; fkg:person person:jess-thorup ; fkg:role role:player } }
           FILTER(?n = 6)""",
    ),
    # ------------------------------------------------------------------ Esbjerg fB
    Fact(
        "assistant-under-bech-2006",
        EN,
        "In 2006, Thorup returned to Esbjerg fB as assistant coach to Troels Bech.",
        """?a fkg:person person:jess-thorup ; fkg:team team:esbjerg-fb ;
              fkg:role role:assistant-coach ; fkg:startDate "2006"^^xsd:gYear ;
              fkg:underHeadCoach ?b .
           ?b fkg:person person:troels-bech ; fkg:team team:esbjerg-fb ;
              fkg:role role:head-coach .""",
    ),
    Fact(
        "bech-dismissed-november-2008",
        EN,
        "After the dismissal of his boss in November 2008, he took over the team as caretaker "
        "manager",
        """?b fkg:person person:troels-bech ; fkg:team team:esbjerg-fb ;
              fkg:endDate "2008-11"^^xsd:gYearMonth ; fkg:endCause end-cause:dismissed .""",
    ),
    Fact(
        "caretaker-table-dates",
        EN,
        "Esbjerg fB (caretaker) | 17 November 2008 | 1 January 2009",
        """tenure:jess-thorup-esbjerg-fb-caretaker-2008 fkg:person person:jess-thorup ;
              fkg:team team:esbjerg-fb ; fkg:role role:caretaker ;
              fkg:startDate "2008-11-17"^^xsd:date ; fkg:endDate "2009-01-01"^^xsd:date .
           role:caretaker fkg:countsAsHeadCoach true .""",
    ),
    Fact(
        "caretaker-followed-bech",
        EN,
        "After the dismissal of his boss in November 2008, he took over the team as caretaker "
        "manager",
        """tenure:jess-thorup-esbjerg-fb-caretaker-2008 fkg:predecessor ?b .
           ?b fkg:person person:troels-bech .""",
    ),
    Fact(
        "caretaker-three-games",
        EN,
        "he took over the team as caretaker manager for three games",
        """?f a fkg:StatedFigure ; fkg:about tenure:jess-thorup-esbjerg-fb-caretaker-2008 ;
              fkg:measure measure:matches-in-charge ; fkg:value 3 .""",
    ),
    Fact(
        "back-to-assistant-under-pedersen",
        EN,
        "but then returned to the role of assistant to new head coach Ove Pedersen.",
        """tenure:jess-thorup-esbjerg-fb-caretaker-2008
              fkg:endCause end-cause:returned-to-previous-role .
           tenure:jess-thorup-esbjerg-fb-assistant-coach-2009 fkg:person person:jess-thorup ;
              fkg:role role:assistant-coach ; fkg:underHeadCoach ?p .
           ?p fkg:person person:ove-pedersen ; fkg:role role:head-coach ;
              fkg:predecessor tenure:jess-thorup-esbjerg-fb-caretaker-2008 .""",
    ),
    Fact(
        "pedersen-resigned-14-march-2011",
        EN,
        "After his resignation on 14 March 2011, he was promoted to head coach",
        """?p fkg:person person:ove-pedersen ; fkg:team team:esbjerg-fb ;
              fkg:endDate "2011-03-14"^^xsd:date ; fkg:endCause end-cause:resigned .""",
    ),
    Fact(
        "esbjerg-head-coach-2011-2013",
        EN,
        "Esbjerg fB | 14 March 2011 | 1 June 2013",
        """tenure:jess-thorup-esbjerg-fb-head-coach-2011 fkg:person person:jess-thorup ;
              fkg:team team:esbjerg-fb ; fkg:role role:head-coach ;
              fkg:startDate "2011-03-14"^^xsd:date ; fkg:endDate "2013-06-01"^^xsd:date ;
              fkg:predecessor ?p .
           ?p fkg:person person:ove-pedersen .""",
    ),
    Fact(
        "esbjerg-relegated",
        EN,
        "he was promoted to head coach, but could not prevent relegation from the Danish "
        "Superliga.",
        """?r fkg:team team:esbjerg-fb ; fkg:competition competition:danish-superliga ;
              fkg:outcome ?o ; fkg:person person:jess-thorup ; fkg:role role:head-coach .
           ?o fkg:isTitle false ; rdfs:label "relegated"@en .""",
    ),
    Fact(
        "esbjerg-1st-division-2011-12",
        EN,
        "After achieving direct promotion the following year / Danish 1st Division: 2011–12",
        """?h a fkg:Honour ; fkg:team team:esbjerg-fb ;
              fkg:competition competition:danish-1st-division ; fkg:season season:2011-12 ;
              fkg:outcome outcome:winner ; fkg:person person:jess-thorup ;
              fkg:role role:head-coach .""",
    ),
    Fact(
        "esbjerg-cup-2012-13-beating-randers",
        EN,
        "won the Danish Cup in 2012–13, beating Randers.",
        """?h a fkg:Honour ; fkg:team team:esbjerg-fb ; fkg:competition competition:danish-cup ;
              fkg:season season:2012-13 ; fkg:outcome outcome:winner ; fkg:role role:head-coach .
           ?m fkg:competition competition:danish-cup ; fkg:season season:2012-13 ;
              fkg:winningTeam team:esbjerg-fb ; fkg:losingTeam ?randers .
           ?randers rdfs:label "Randers"@en .""",
    ),
    Fact(
        "manager-of-the-year-2013",
        EN,
        "Thorup was then voted Danish Football Manager of the Year for 2013.",
        """?r a fkg:AwardReceipt ; fkg:person person:jess-thorup ; fkg:award ?a ;
              fkg:forYear "2013"^^xsd:gYear .
           ?a rdfs:label "Danish Football Manager of the Year"@en .""",
    ),
    # ------------------------------------------------------------------ Denmark U21
    Fact(
        "u21-announced-before-start",
        EN,
        "On 21 February 2013 it was announced that starting 1 June 2013 he would become the "
        "manager of the Denmark under-21 national football team, thereby leaving Esbjerg fB.",
        """tenure:jess-thorup-denmark-u21-head-coach-2013 fkg:team team:denmark-u21 ;
              fkg:announcedDate "2013-02-21"^^xsd:date ; fkg:startDate "2013-06-01"^^xsd:date .
           tenure:jess-thorup-esbjerg-fb-head-coach-2011
              fkg:endCause end-cause:left-for-another-post .""",
    ),
    Fact(
        "u21-is-a-danish-national-team",
        EN,
        "the Denmark under-21 national football team",
        """team:denmark-u21 a fkg:NationalTeam ; fkg:ageLimit 21 ; fkg:country country:denmark .
           FILTER NOT EXISTS { team:denmark-u21 a fkg:Club }""",
    ),
    Fact(
        "u21-euro-2015-semi-final-lost-to-sweden",
        EN,
        "he took part in the 2015 UEFA European Under-21 Championship, in which the Danish team "
        "reached the semi-finals. There, they lost to eventual winners Sweden.",
        """?r fkg:team team:denmark-u21 ; fkg:season season:2015 ; fkg:outcome ?o ;
              fkg:eliminatedBy ?swe ; fkg:person person:jess-thorup .
           ?o fkg:isTitle false .
           ?w fkg:team ?swe ; fkg:competition ?c ; fkg:outcome outcome:winner ;
              fkg:season season:2015 .
           ?r fkg:competition ?c .
           ?swe fkg:country country:sweden .""",
    ),
    Fact(
        "u21-table-dates",
        EN,
        "Denmark U-21 | 1 June 2013 | 12 July 2015",
        """tenure:jess-thorup-denmark-u21-head-coach-2013
              fkg:endDate "2015-07-12"^^xsd:date ; fkg:role role:head-coach .""",
    ),
    # ------------------------------------------------------------------ Midtjylland
    Fact(
        "midtjylland-after-riddersholm",
        EN,
        "took over Midtjylland as the successor to Glen Riddersholm, who had resigned after "
        "winning the league title – Midtjylland's first.",
        """tenure:jess-thorup-fc-midtjylland-head-coach-2015 fkg:predecessor ?g .
           ?g fkg:person person:glen-riddersholm ; fkg:team team:fc-midtjylland ;
              fkg:endCause end-cause:resigned .
           ?r fkg:team team:fc-midtjylland ; fkg:outcome outcome:winner ;
              fkg:person person:glen-riddersholm .""",
    ),
    Fact(
        "midtjylland-table-dates",
        EN,
        "FC Midtjylland | 12 July 2015 | 10 October 2018",
        """tenure:jess-thorup-fc-midtjylland-head-coach-2015
              fkg:startDate "2015-07-12"^^xsd:date ; fkg:endDate "2018-10-10"^^xsd:date .""",
    ),
    Fact(
        "midtjylland-out-to-apoel",
        EN,
        "After they were eliminated from qualifying for the UEFA Champions League by Cypriot "
        "club APOEL",
        """?r fkg:team team:fc-midtjylland ; fkg:competition competition:uefa-champions-league ;
              fkg:eliminatedBy team:apoel .
           team:apoel fkg:country country:cyprus .""",
    ),
    Fact(
        "midtjylland-beat-manchester-united-2-1",
        EN,
        "In the round of 16, the club caught the eye with a 2–1 first leg win over Premier "
        "League giants Manchester United",
        """?m a fkg:Match ; fkg:competition competition:uefa-europa-league ;
              fkg:season season:2015-16 ;
              fkg:winningTeam team:fc-midtjylland ; fkg:losingTeam team:manchester-united ;
              fkg:winningScore 2 ; fkg:losingScore 1 .""",
    ),
    Fact(
        "midtjylland-out-after-5-1",
        EN,
        "but were eliminated from the competition after a 5–1 defeat in the second leg.",
        """?m a fkg:Match ; fkg:winningTeam team:manchester-united ;
              fkg:losingTeam team:fc-midtjylland ; fkg:winningScore 5 ; fkg:losingScore 1 .
           ?r fkg:team team:fc-midtjylland ; fkg:competition competition:uefa-europa-league ;
              fkg:season season:2015-16 ; fkg:outcome outcome:round-of-16 ;
              fkg:eliminatedBy team:manchester-united .""",
    ),
    Fact(
        "midtjylland-superliga-2017-18",
        EN,
        "Midtjylland - Danish Superliga: 2017–18",
        """?h a fkg:Honour ; fkg:team team:fc-midtjylland ;
              fkg:competition competition:danish-superliga ; fkg:season season:2017-18 ;
              fkg:outcome outcome:winner ; fkg:person person:jess-thorup .""",
    ),
    # ------------------------------------------------------------------ Gent
    Fact(
        "gent-after-vanderhaeghe",
        EN,
        "On 10 October 2018, Thorup was recruited to succeed Yves Vanderhaeghe as coach of the "
        "Belgian club Gent",
        """tenure:jess-thorup-kaa-gent-head-coach-2018 fkg:startDate "2018-10-10"^^xsd:date ;
              fkg:team team:kaa-gent ; fkg:predecessor ?v .
           ?v fkg:person person:yves-vanderhaeghe ; fkg:team team:kaa-gent .
           team:kaa-gent fkg:country country:belgium .""",
    ),
    Fact(
        "gent-1-5-genk",
        EN,
        "off the back of a 5–1 home defeat to Racing Genk leaving the Buffalos seventh in the "
        "league table",
        """?m a fkg:Match ; fkg:homeTeam team:kaa-gent ; fkg:awayTeam team:krc-genk ;
              fkg:homeScore 1 ; fkg:awayScore 5 .""",
    ),
    Fact(
        "gent-seventh-when-recruited",
        EN,
        "leaving the Buffalos seventh in the league table, one place off the title play-offs.",
        """?f a fkg:StatedFigure ; fkg:about team:kaa-gent ;
              fkg:measure measure:league-position ; fkg:value 7 .""",
    ),
    Fact(
        "gent-names",
        EN + " / " + NL,
        "the Belgian club Gent ... leaving the Buffalos seventh / In augustus kreeg hij bij "
        "AA Gent de bons.",
        """team:kaa-gent rdfs:label "Gent"@en , "AA Gent"@nl ; fkg:nickname ?n .
           FILTER CONTAINS(STR(?n), "Buffalos")""",
    ),
    Fact(
        "gent-fifth-2018-19",
        EN,
        "Under Thorup, Gent rallied to qualify for the Champions play-offs, finishing fifth",
        """?r fkg:team team:kaa-gent ; fkg:competition competition:belgian-pro-league ;
              fkg:season season:2018-19 ; fkg:leaguePosition 5 ; fkg:person person:jess-thorup .""",
    ),
    Fact(
        "gent-cup-final-lost-to-mechelen",
        EN,
        "and reached the Belgian Cup Final, losing 2–1 to second-flight KV Mechelen",
        """?r fkg:team team:kaa-gent ; fkg:competition competition:belgian-cup ;
              fkg:season season:2018-19 ; fkg:outcome outcome:runner-up .
           outcome:runner-up fkg:isTitle false .
           FILTER NOT EXISTS { ?r a fkg:Honour }
           ?m a fkg:Match ; fkg:competition competition:belgian-cup ;
              fkg:winningTeam team:kv-mechelen ; fkg:losingTeam team:kaa-gent ;
              fkg:winningScore 2 ; fkg:losingScore 1 .""",
    ),
    Fact(
        "gent-europa-league-2019-20",
        EN,
        "the club finally reached the group stage, where they won Group I with three wins and "
        "three draws. Gent took part in the round of 32, where they were eliminated by Roma.",
        """?r fkg:team team:kaa-gent ; fkg:competition competition:uefa-europa-league ;
              fkg:outcome outcome:round-of-32 ; fkg:eliminatedBy team:roma .
           ?w fkg:about ?r ; fkg:measure measure:wins ; fkg:value 3 .
           ?d fkg:about ?r ; fkg:measure measure:draws ; fkg:value 3 .""",
    ),
    Fact(
        "gent-runners-up-2019-20",
        EN,
        "the Pro League decided against restarting the current season, announcing Club as "
        "champions, with Gent as runners-up",
        """?r fkg:team team:kaa-gent ; fkg:season season:2019-20 ;
              fkg:competition competition:belgian-pro-league ; fkg:outcome outcome:runner-up .
           ?c fkg:team team:club-brugge ; fkg:season season:2019-20 ;
              fkg:competition competition:belgian-pro-league ; fkg:outcome outcome:winner .""",
    ),
    Fact(
        "gent-dismissed-20-august-2020",
        EN,
        "Thorup was suddenly dismissed as coach on 20 August 2020.",
        """tenure:jess-thorup-kaa-gent-head-coach-2018 fkg:endDate "2020-08-20"^^xsd:date ;
              fkg:endCause end-cause:dismissed ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup .""",
    ),
    Fact(
        "gent-sacked-in-august-nl",
        NL,
        "In augustus kreeg hij bij AA Gent de bons.",
        """tenure:jess-thorup-kaa-gent-head-coach-2018
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .
           ?c fkg:about tenure:jess-thorup-kaa-gent-head-coach-2018 ;
              fkg:asOf "2020-08"^^xsd:gYearMonth ;
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .""",
    ),
    Fact(
        "boloni-replaced-thorup",
        EN,
        "By the time Thorup was hired by league rivals Genk as their new coach a month later on "
        "24 September, his direct replacement at Gent, László Bölöni, would himself be fired",
        """?b fkg:person person:laszlo-boloni ; fkg:team team:kaa-gent ;
              fkg:predecessor tenure:jess-thorup-kaa-gent-head-coach-2018 ;
              fkg:startNotBefore "2020-08-20"^^xsd:date ; fkg:endNotAfter "2020-09-24"^^xsd:date ;
              fkg:endCause end-cause:dismissed .
           person:laszlo-boloni rdfs:label "László Bölöni"@en .""",
    ),
    Fact(
        "boloni-three-games",
        EN,
        "László Bölöni, would himself be fired after only three games in chanrge",
        """?f fkg:about ?b ; fkg:measure measure:matches-in-charge ; fkg:value 3 .
           ?b fkg:person person:laszlo-boloni .""",
    ),
    Fact(
        "de-decker-fired-in-november",
        EN,
        "with Wim De Decker taking charge, until his firing in November .",
        """?d fkg:person person:wim-de-decker ; fkg:team team:kaa-gent ;
              fkg:predecessor ?b ; fkg:endDate "2020-11"^^xsd:gYearMonth ;
              fkg:endCause end-cause:dismissed .
           ?b fkg:person person:laszlo-boloni .""",
    ),
    # ------------------------------------------------------------------ Genk
    Fact(
        "genk-table-dates",
        EN,
        "Genk | 24 September 2020 | 2 November 2020",
        """tenure:jess-thorup-krc-genk-head-coach-2020 fkg:person person:jess-thorup ;
              fkg:team team:krc-genk ; fkg:role role:head-coach ;
              fkg:startDate "2020-09-24"^^xsd:date ; fkg:endDate "2020-11-02"^^xsd:date .""",
    ),
    Fact(
        "genk-after-hannes-wolf",
        NL,
        "Thorup volgde Hannes Wolf op in Limburg.",
        """tenure:jess-thorup-krc-genk-head-coach-2020 fkg:predecessor ?w .
           ?w fkg:person person:hannes-wolf ; fkg:team team:krc-genk ;
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .""",
    ),
    Fact(
        "genk-contract-until-summer-2023",
        EN,
        "Thorup received a contract at Genk until the summer of 2023",
        """tenure:jess-thorup-krc-genk-head-coach-2020 fkg:contract ?c .
           ?c fkg:agreedEnd "2023"^^xsd:gYear ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup .""",
    ),
    Fact(
        "genk-contract-signed-24-september",
        NL,
        "Jess Thorup, die op 24 september zijn handtekening zette onder een contract bij Racing "
        "Genk",
        """tenure:jess-thorup-krc-genk-head-coach-2020 fkg:contract ?c .
           ?c fkg:signedDate "2020-09-24"^^xsd:date ;
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .""",
    ),
    Fact(
        "genk-six-games-en",
        EN,
        "but was at the helm for only six games before being tempted back into Danish football.",
        """?f a fkg:StatedFigure ; fkg:about tenure:jess-thorup-krc-genk-head-coach-2020 ;
              fkg:measure measure:matches-in-charge ; fkg:value 6 ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup .
           FILTER NOT EXISTS { ?f prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 }""",
    ),
    Fact(
        "genk-five-matches-nl",
        NL,
        "In de vijf wedstrijden met hem aan het roer pakte het elf punten en verloor het geen "
        "enkele keer.",
        """?f a fkg:StatedFigure ; fkg:about tenure:jess-thorup-krc-genk-head-coach-2020 ;
              fkg:measure measure:matches-in-charge ; fkg:value 5 ;
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .
           FILTER NOT EXISTS { ?f prov:wasDerivedFrom source:encyclopedia-jess-thorup }""",
    ),
    Fact(
        "genk-eleven-points-no-defeat",
        NL,
        "In de vijf wedstrijden met hem aan het roer pakte het elf punten en verloor het geen "
        "enkele keer.",
        """?p fkg:about tenure:jess-thorup-krc-genk-head-coach-2020 ;
              fkg:measure measure:points ; fkg:value 11 .
           ?l fkg:about tenure:jess-thorup-krc-genk-head-coach-2020 ;
              fkg:measure measure:losses ; fkg:value 0 .""",
    ),
    Fact(
        "genk-nine-out-of-nine",
        NL,
        "Thorup zette bij Genk een kentering in en leek met de recente negen op negen op het "
        "goede spoor te zitten.",
        """?p fkg:about tenure:jess-thorup-krc-genk-head-coach-2020 ;
              fkg:measure measure:points ; fkg:value 9 ;
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .""",
    ),
    Fact(
        "genk-39-days",
        NL,
        "is na amper 39 dagen alweer onderweg naar zijn thuisland Denemarken.",
        """?f fkg:about tenure:jess-thorup-krc-genk-head-coach-2020 ;
              fkg:measure measure:days-in-charge ; fkg:value 39 ;
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .""",
    ),
    Fact(
        "genk-eleventh-coach-in-ten-years",
        NL,
        "Niet dus, in Limburg moeten ze op zoek naar de elfde coach in tien jaar tijd.",
        """?f a fkg:StatedFigure ; fkg:about team:krc-genk ; fkg:value 11 ;
              fkg:measure measure:head-coaches .""",
    ),
    Fact(
        "genk-terminated-at-thorups-request",
        EN,
        "At Thorup's request, his contract was terminated by Genk.",
        """tenure:jess-thorup-krc-genk-head-coach-2020
              fkg:endCause end-cause:contract-terminated-at-own-request .""",
    ),
    Fact(
        "genk-buy-out-fee",
        NL,
        "In het contract tussen Thorup en Genk was een afkoopsom vastgelegd voor een bedrag van "
        "500.000 à 600.000 euro.",
        """?fee a fkg:BuyOutFee ; fkg:minAmount ?lo ; fkg:maxAmount ?hi ;
              fkg:currency "EUR" ; fkg:inContract ?c ; fkg:forMove ?m ;
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .
           tenure:jess-thorup-krc-genk-head-coach-2020 fkg:contract ?c .
           ?m fkg:person person:jess-thorup ;
              fkg:fromTenure tenure:jess-thorup-krc-genk-head-coach-2020 ;
              fkg:toTenure tenure:jess-thorup-fc-copenhagen-head-coach-2020 .
           FILTER(?lo = 500000 && ?hi = 600000)""",
    ),
    Fact(
        "genk-names",
        EN + " / " + NL,
        "a 5–1 home defeat to Racing Genk / KRC Genk is zondagmiddag om 12.30 uur op de hoogte "
        "gebracht",
        """team:krc-genk rdfs:label "Racing Genk"@nl ; rdfs:label|skos:altLabel "KRC Genk"@nl ;
              rdfs:label|skos:altLabel "Genk"@en .
           FILTER NOT EXISTS { ?other rdfs:label|skos:altLabel "KRC Genk"@nl .
                               FILTER(?other != team:krc-genk) }""",
    ),
    Fact(
        "genk-informed-sunday-12-30",
        NL,
        "KRC Genk is zondagmiddag om 12.30 uur op de hoogte gebracht van de interesse van FC "
        "Kopenhagen in de onmiddellijke overname van onze coach Jess Thorup.",
        """?c a fkg:Claim ; fkg:about team:krc-genk ; fkg:asOf "2020-11-01"^^xsd:date ;
              fkg:quote ?q .
           FILTER CONTAINS(STR(?q), "12.30")""",
    ),
    # ------------------------------------------------------------------ Copenhagen
    Fact(
        "copenhagen-table-dates",
        EN,
        "Copenhagen | 2 November 2020 | 20 September 2022",
        """tenure:jess-thorup-fc-copenhagen-head-coach-2020 fkg:team team:fc-copenhagen ;
              fkg:startDate "2020-11-02"^^xsd:date ; fkg:endDate "2022-09-20"^^xsd:date ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup .""",
    ),
    Fact(
        "copenhagen-presented-today",
        NL,
        "Volgens Deense media wordt Thorup immers vandaag al voorgesteld als nieuwe trainer bij "
        "FC Kopenhagen voor de komende drie seizoenen.",
        """tenure:jess-thorup-fc-copenhagen-head-coach-2020
              prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .
           ?c fkg:about tenure:jess-thorup-fc-copenhagen-head-coach-2020 ;
              fkg:asOf "2020-11-02"^^xsd:date .""",
    ),
    Fact(
        "copenhagen-presented-in-parken",
        NL,
        "volgens Deense media wordt Thorup vandaag al voorgesteld in het Parken Stadion.",
        """?c fkg:about ?parken ; fkg:asOf "2020-11-02"^^xsd:date .
           ?parken a fkg:Place ; rdfs:label "Parken Stadion"@nl .""",
    ),
    Fact(
        "solbakken-dismissed-10-october",
        EN + " / " + NL,
        "after their former manager Ståle Solbakken had been dismissed on 10 October. / Bij de "
        "dertienvoudige Deense landskampioen werd op 10 oktober de 52-jarige Noor Staale "
        "Solbakken ontslagen.",
        """tenure:jess-thorup-fc-copenhagen-head-coach-2020 fkg:predecessor ?s .
           ?s fkg:person person:stale-solbakken ; fkg:team team:fc-copenhagen ;
              fkg:endDate "2020-10-10"^^xsd:date ; fkg:endCause end-cause:dismissed ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup ,
                                  source:news-thorup-genk-2020-11-02 .""",
    ),
    Fact(
        "solbakken-names-and-nationality",
        EN + " / " + NL,
        "Ståle Solbakken / de 52-jarige Noor Staale Solbakken",
        """person:stale-solbakken rdfs:label "Ståle Solbakken"@en , "Staale Solbakken"@nl ;
              fkg:nationality country:norway .
           ?f fkg:about person:stale-solbakken ; fkg:measure measure:age ; fkg:value 52 .""",
    ),
    Fact(
        "copenhagen-thirteen-titles",
        NL,
        "Bij de dertienvoudige Deense landskampioen werd op 10 oktober de 52-jarige Noor Staale "
        "Solbakken ontslagen.",
        """?f fkg:about team:fc-copenhagen ; fkg:measure measure:league-titles ; fkg:value 13 .""",
    ),
    Fact(
        "copenhagen-names",
        EN + " / " + NL,
        "Thorup received an offer from Copenhagen / nieuwe trainer bij FC Kopenhagen",
        """team:fc-copenhagen rdfs:label "Copenhagen"@en , "FC Kopenhagen"@nl .""",
    ),
    Fact(
        "copenhagen-contract-until-summer-2024",
        EN,
        "Thorup signed a contract in Copenhagen until the summer of 2024.",
        """tenure:jess-thorup-fc-copenhagen-head-coach-2020 fkg:contract ?c .
           ?c fkg:agreedEnd "2024"^^xsd:gYear ;
              prov:wasDerivedFrom source:encyclopedia-jess-thorup .""",
    ),
    Fact(
        "copenhagen-contract-three-seasons",
        NL,
        "Hij zou de komende drie seizoenen aan de slag gaan bij FC Kopenhagen, de grootste "
        "Deense club.",
        """tenure:jess-thorup-fc-copenhagen-head-coach-2020 fkg:contract ?c .
           ?c fkg:agreedSeasons 3 ; prov:wasDerivedFrom source:news-thorup-genk-2020-11-02 .
           FILTER NOT EXISTS { ?c fkg:agreedEnd ?end }""",
    ),
    Fact(
        "talks-broke-off-friday-resumed-saturday",
        NL,
        "maar waren die vrijdag afgesprongen. Definitief, zo leek het. Tot zaterdag plots de "
        "onderhandelingen werden hervat.",
        """?off a fkg:Claim ; fkg:about team:fc-copenhagen ; fkg:asOf "2020-10-30"^^xsd:date .
           ?on a fkg:Claim ; fkg:about team:fc-copenhagen ; fkg:asOf "2020-10-31"^^xsd:date .""",
    ),
    Fact(
        "third-club-this-season",
        NL,
        "Meteen zijn derde club in de loop van dit seizoen.",
        """?c a fkg:Claim ; fkg:about person:jess-thorup ;
              fkg:about tenure:jess-thorup-fc-copenhagen-head-coach-2020 ;
              fkg:quote ?q .
           FILTER CONTAINS(STR(?q), "derde club")""",
    ),
    Fact(
        "copenhagen-third-2020-21",
        EN,
        "In his first season as manager of Copenhagen he guided the club to a third place "
        "finish in the Danish Superliga.",
        """?r fkg:team team:fc-copenhagen ; fkg:competition competition:danish-superliga ;
              fkg:season season:2020-21 ; fkg:leaguePosition 3 .""",
    ),
    Fact(
        "copenhagen-conference-league-psv",
        EN,
        "Thorup led his team to the Round of 16, in which they were defeated by PSV Eindhoven.",
        """?r fkg:team team:fc-copenhagen ; fkg:competition competition:uefa-conference-league ;
              fkg:outcome outcome:round-of-16 ; fkg:eliminatedBy team:psv-eindhoven .""",
    ),
    Fact(
        "copenhagen-champions-2021-22",
        EN,
        "His second season in charge of Copenhagen ended with the club being crowned as Danish "
        "champions after winning the 2021–22 Danish Superliga.",
        """?h a fkg:Honour ; fkg:team team:fc-copenhagen ;
              fkg:competition competition:danish-superliga ; fkg:season season:2021-22 ;
              fkg:outcome outcome:winner ; fkg:person person:jess-thorup .""",
    ),
    Fact(
        "atlantic-cup-runner-up-not-a-title",
        EN,
        "The Atlantic Cup runner-up (2): 2020, 2022",
        """{ SELECT (COUNT(?h) AS ?n) WHERE {
               ?h a fkg:Honour ; fkg:team team:fc-copenhagen ;
                  fkg:competition competition:the-atlantic-cup ; fkg:outcome ?o .
               ?o fkg:isTitle false } }
           FILTER(?n = 2)""",
    ),
    Fact(
        "copenhagen-beat-trabzonspor",
        EN,
        "they managed to qualify for the 2022–23 UEFA Champions League after defeating "
        "Trabzonspor 2–1 on aggregate.",
        """?t fkg:winningTeam team:fc-copenhagen ; fkg:losingTeam team:trabzonspor ;
              fkg:winningScore 2 ; fkg:losingScore 1 ; fkg:season season:2022-23 .
           FILTER NOT EXISTS { ?t a fkg:Match }""",
    ),
    Fact(
        "copenhagen-parted-ways",
        EN,
        "on 20 September 2022, Copenhagen announced that the club had parted ways with Thorup "
        "as their head coach, due to the poor start to the Superliga season.",
        """tenure:jess-thorup-fc-copenhagen-head-coach-2020 fkg:endCause end-cause:parted-ways .""",
    ),
    # ------------------------------------------------------------------ Augsburg, Al Ahly
    Fact(
        "augsburg-dates-and-sacking",
        EN,
        "He was appointed as the new head coach of FC Augsburg on 15 October 2023. ... on 23 "
        "May 2025 he was sacked by the club",
        """?t fkg:person person:jess-thorup ; fkg:team team:fc-augsburg ;
              fkg:role role:head-coach ; fkg:startDate "2023-10-15"^^xsd:date ;
              fkg:endDate "2025-05-23"^^xsd:date ; fkg:endCause end-cause:dismissed .""",
    ),
    Fact(
        "augsburg-15th-to-11th-then-12th",
        EN,
        "Thorup took over the club in 15th place and managed to guide them to an 11th place in "
        "his first season. In the 2024–25 Bundesliga season, he guided the team to a 12th place.",
        """?f fkg:about team:fc-augsburg ; fkg:measure measure:league-position ; fkg:value 15 .
           ?a fkg:team team:fc-augsburg ; fkg:season season:2023-24 ; fkg:leaguePosition 11 .
           ?b fkg:team team:fc-augsburg ; fkg:season season:2024-25 ; fkg:leaguePosition 12 ;
              fkg:competition competition:bundesliga .""",
    ),
    Fact(
        "al-ahly-ongoing",
        EN,
        "On 8 October 2025, Thorup became the head coach of Egyptian Premier League club Al "
        "Ahly / Al-Ahly | 8 October 2025 | present",
        """tenure:jess-thorup-al-ahly-head-coach-2025 fkg:team team:al-ahly ;
              fkg:startDate "2025-10-08"^^xsd:date ; fkg:ongoing true .
           FILTER NOT EXISTS { tenure:jess-thorup-al-ahly-head-coach-2025 fkg:endDate ?e }
           team:al-ahly fkg:country country:egypt .""",
    ),
    Fact(
        "al-ahly-contract-two-and-a-half-years",
        EN,
        "signing a two-and-a-half-year contract.",
        """tenure:jess-thorup-al-ahly-head-coach-2025 fkg:contract ?c .
           ?c fkg:agreedDuration "P2Y6M"^^xsd:duration .""",
    ),
    Fact(
        "al-ahly-super-cup-2025",
        EN,
        "Al Ahly - Egyptian Super Cup : 2025",
        """?h a fkg:Honour ; fkg:team team:al-ahly ;
              fkg:competition competition:egyptian-super-cup ;
              fkg:season season:2025 ; fkg:outcome outcome:winner .""",
    ),
    # ------------------------------------------------------------------ the whole career
    Fact(
        "eight-head-coach-tenures",
        EN,
        "Managerial record by team and tenure: Esbjerg fB, Denmark U-21, FC Midtjylland, Gent, "
        "Genk, Copenhagen, FC Augsburg, Al-Ahly (and Esbjerg fB as caretaker)",
        """{ SELECT (COUNT(?t) AS ?n) WHERE {
               ?t a fkg:Tenure ; fkg:person person:jess-thorup ; fkg:role role:head-coach } }
           { SELECT (COUNT(?c) AS ?k) WHERE {
               ?c a fkg:Tenure ; fkg:person person:jess-thorup ; fkg:role role:caretaker } }
           FILTER(?n = 8 && ?k = 1)""",
    ),
    Fact(
        "managerial-table-has-no-match-figures",
        EN,
        "Managerial record by team and tenure | Team | From | To | G | W | D | ... (the games, "
        "wins, draws and losses columns are empty)",
        """FILTER NOT EXISTS {
               ?f a fkg:StatedFigure ; fkg:about ?t ; fkg:measure ?m ;
                  prov:wasDerivedFrom source:encyclopedia-jess-thorup .
               ?t a fkg:Tenure ; fkg:person person:jess-thorup .
               VALUES ?m { measure:wins measure:draws measure:losses } }""",
    ),
    # ------------------------------------------------------------------ the sources
    Fact(
        "news-source",
        NL,
        "date 2020-11 ... Door de Luminus Arena ging gisteren een schokgolf ... Foto: JEFFREY "
        "GAENS",
        """source:news-thorup-genk-2020-11-02 a fkg:NewsArticle ;
              dcterms:language "nl"^^xsd:language ; dcterms:date "2020-11-02"^^xsd:date ;
              fkg:photoCredit ?credit .
           FILTER(LCASE(STR(?credit)) = "jeffrey gaens")""",
    ),
    Fact(
        "encyclopedia-source",
        EN,
        "He is currently the head coach of Egyptian Premier League club Al Ahly.",
        """source:encyclopedia-jess-thorup a fkg:EncyclopediaArticle ;
              dcterms:language "en"^^xsd:language ;
              fkg:publishedNotBefore "2025-10-08"^^xsd:date .""",
    ),
]


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for path in sorted([*ROOT.glob("ontology/*.ttl"), *ROOT.glob("data/**/*.ttl")]):
        g.parse(path, format="turtle")
    return g


PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in ALL_PREFIXES.items())


def test_the_table_is_large_and_has_unique_ids() -> None:
    ids = [f.id for f in FACTS]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("fact", FACTS, ids=[f.id for f in FACTS])
def test_fact(graph: Graph, fact: Fact) -> None:
    result = graph.query(f"{PREFIXES}ASK {{\n{fact.check}\n}}")
    assert result.askAnswer, f"{fact.document} says: {fact.quote!r}\nnot found:\n{fact.check}"
