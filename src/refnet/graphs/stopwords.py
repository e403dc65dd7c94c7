"""Stop words left out of cluster labels: English, transliterated Russian, and title filler.

Titles are folded to ASCII (unidecode) before they are split, so the Russian words are
listed as that transliteration gives them (``dlia``, ``chto``), with the other common
spellings (``dlya``) beside them.
"""

from __future__ import annotations

ENGLISH = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into is
    it its itself just me more most my no nor not now of off on once only or other our
    ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours upon via toward towards
    within without whether among amongst across beyond around onto unto vs versus
    """.split()
)

RUSSIAN = frozenset(
    """
    i v vo na s so po k ko o ob obo ot iz iza za do pri bez nad pod pered cherez dlia dlya
    kak chto eto etot eta eti ili ne no a ni zhe li by uzhe tak takzhe tolko ego ee ikh ih
    ikh ona on oni ono my vy ty ia ya ves vse vsia vsya svoi svoia svoya kotoryi kotoraia
    kotoroe kotorye mezhdu posle okolo protiv sredi vokrug bolee menee chem kogda gde tam
    zdes tut kto byt bylo byli byl budet est
    """.split()
)

#: Words frequent in every title of a review that say nothing about its subject.
FILLER = frozenset(
    """
    new study studies case cases analysis approach approaches perspective perspectives
    introduction review essay notes note revisited reconsidered toward evidence role
    issue issues question questions part vol volume edition ed eds chapter book article
    one two three first second third
    """.split()
)

STOP_WORDS = ENGLISH | RUSSIAN | FILLER
