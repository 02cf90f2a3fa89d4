"""The book's colours and date formats, in a module of their own so that pages drawn without altair
(the Explorer's hand-written Vega-Lite) use the very values the altair charts use."""

from __future__ import annotations

from liaison.codebook import EVENT_TYPE_LABELS

# Okabe-Ito: distinguishable with the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: Fill of a mark drawn but not compared (a thinly covered year): a neutral grey.
MUTED = "#d9d9d9"

#: d3-time-format patterns: "18 October 2017", "18 Oct 2017", "October 2017".
DATE_FORMAT = "%-d %B %Y"
SHORT_DATE_FORMAT = "%-d %b %Y"
MONTH_FORMAT = "%B %Y"
SHORT_MONTH_FORMAT = "%b %Y"

#: Colour of each event type, fixed by codebook order so that a type has one colour in every chart.
EVENT_TYPE_COLOURS: dict[str, str] = dict(zip(EVENT_TYPE_LABELS.values(), OKABE_ITO))
