"""The imitation site's pages: listing, search and article pages written for the tests.

The readouts are invented, in our own words; the people named as counterparts are fictional. They
follow the structure the archive's records show for the department's pages: a headline, a date line
``( YYYY.MM.DD )``, a dateline opening the first paragraph, then the text. The site's URLs have the
real shapes: ``/english/news/`` with ``index_N.html`` pagination, ``/english/forenotice/``,
``/english2023/<section>/``, ``/was5/web/search?...`` and ``YYYYMM/tYYYYMMDD_N.html`` articles.
"""

from __future__ import annotations

from dataclasses import dataclass

from .server import Route, Site

ROBOTS = "User-agent: *\nDisallow: /english/private/\n"
SEARCH = "/was5/web/search?page={n}&channelid=237734&perpage=10&outlinepage=10"


@dataclass(frozen=True)
class Readout:
    path: str
    title: str
    printed: str  # the date line, YYYY.MM.DD
    paragraphs: tuple[str, ...]


# The window the tests fetch: 2018-06-01 .. 2018-06-30 (posting dates of the URLs).
MEETING_CUBA = Readout(
    "/english/news/201806/t20180628_9012.html",
    "Song Tao Meets with Delegation of the Communist Party of Cuba",
    "2018.06.27",
    (
        "Beijing, June 27th--Song Tao, Minister of the International Department of the CPC Central Committee, "
        "met here today with a delegation of the Communist Party of Cuba (PCC) led by Marta Ruiz Ocampo, "
        "Member of the Secretariat of the PCC Central Committee.",
        "Song told the visitors about the 19th CPC National Congress and Xi Jinping Thought on Socialism with "
        "Chinese Characteristics for a New Era, and said the CPC sets great store by its ties with the PCC.",
        "Ruiz said the PCC supports the Belt and Road Initiative and hopes to learn from the experience of party "
        "governance of the CPC.",
        "Qian Hongshan, Vice-minister of the IDCPC, was present.",
    ),
)
VISIT_VIETNAM = Readout(  # answers HTTP 500 once
    "/english/news/201806/t20180626_9011.html",
    "Guo Yezhou Leads CPC Delegation to Visit Vietnam",
    "2018.06.26",
    (
        "Hanoi, June 25th--A CPC delegation led by Guo Yezhou, Vice-minister of the International Department of "
        "the CPC Central Committee, visited Vietnam from June 22 to 25 at the invitation of the Communist Party of "
        "Vietnam (CPV).",
        "During the stay, Guo held talks with Tran Minh Duc, Head of the Commission for External Relations of the "
        "CPV Central Committee. The two sides agreed to widen exchanges of experience on party building and to "
        "cooperate under the Belt and Road Initiative.",
    ),
)
FORUM_XIAMEN = Readout(  # answers slowly once (a timeout, then a retry)
    "/english/news/201806/t20180625_9010.html",
    "CPC and Southeast Asian Parties Hold Forum on Poverty Reduction",
    "2018.06.24",
    (
        "Xiamen, June 24th—A forum on poverty reduction between the CPC and political parties of Southeast "
        "Asian countries opened here today, attended by 14 parties from Cambodia, Laos, Malaysia, Myanmar and "
        "Thailand.",
        "Xu Lyuping, Vice-minister of the International Department of the CPC Central Committee, spoke at the "
        "opening and called for a community with a shared future.",
        "The participants said the meeting had shown them how rural poverty can be reduced.",
    ),
)
REDIRECTED_OFFSITE = "/english/news/201806/t20180622_9009.html"
VIDEO_NEPAL = Readout(  # served as malformed HTML
    "/english/news/201806/t20180621_9008.html",
    "Song Tao Holds Video Talks with Chairman of the Nepal Communist Party",
    "2018.06.21",
    (
        "Beijing, June 21 (Xinhua) -- Song Tao, Minister of the International Department of the CPC Central "
        "Committee, held talks via video link today with Ram Bahadur Kattel, Chairman of the Nepal Communist "
        "Party (NCP).",
        "Both sides agreed to stay in close touch, and Kattel said his party firmly adheres to the one-China "
        "principle.",
    ),
)
MEETING_SPD = Readout(  # listed twice on the news listing and once in the search results
    "/english/news/201806/t20180620_9007.html",
    "Li Jun Meets with Delegation of the Social Democratic Party of Germany",
    "2018.06.20",
    (
        "Beijing, June 20th—Li Jun, Vice-minister of the International Department of the CPC Central Committee, "
        "met here today with a delegation of the Social Democratic Party of Germany (SPD) headed by Klaus "
        "Hartmann, Deputy Chairman of the SPD.",
        "Li said the CPC is ready to deepen exchanges with the SPD on reform and opening up. Hartmann said his "
        "party values the dialogue between the two parties.",
    ),
)
MEETING_LAOS = Readout(  # found only through the site search
    "/english/news/201806/t20180619_9013.html",
    "Senior CPC Official Meets Lao Party Delegation",
    "2018.06.19",
    (
        "BEIJING, June 19 (Xinhua) -- Guo Yezhou, Vice-minister of the International Department of the "
        "Communist Party of China (CPC) Central Committee, met with a delegation of the Lao People's "
        "Revolutionary Party (LPRP) in Beijing on Tuesday.",
        "The two sides talked about relations between the two parties.",
    ),
)
CONDOLENCE_MALTA = Readout(  # answers HTTP 429 (Retry-After: 0) once
    "/english/news/201806/t20180618_9006.html",
    "CPC Central Committee Sends Message of Condolence to the Labour Party of Malta",
    "2018.06.18",
    (
        "Beijing, June 18th--The CPC Central Committee sent a message of condolence today to the Labour Party "
        "of Malta on the death of one of its former leaders.",
    ),
)
MEETING_LEBANON = Readout(  # reached through a redirect on the same site
    "/english2023/lldt/201806/t20180615_9005.html",
    "Wang Yajun Meets with Secretary-General of the Progressive Socialist Union of Lebanon",
    "2018.06.15",
    (
        "Beijing, June 15th--Wang Yajun, Assistant-minister of the International Department of the CPC Central "
        "Committee, met here today with Samir Khoury Nader, Secretary-General of the Progressive Socialist "
        "Union of Lebanon.",
    ),
)
REDIRECTING_SAME_SITE = "/english/news/201806/t20180615_9005.html"
NOTICE_WPK = Readout(
    "/english/forenotice/201806/t20180612_9004.html",
    "Delegation of the Workers' Party of Korea to Visit China",
    "2018.06.12",
    (
        "At the invitation of the CPC Central Committee, a delegation of the Workers' Party of Korea (WPK) led by "
        "Kim Chol Su, Vice-chairman of the WPK Central Committee, will visit China from June 19 to 23.",
    ),
)
DISALLOWED = "/english/private/201806/t20180614_9003.html"
#: A page no parser can read: its <title> is never closed, so everything after it is title text.
GARBLED = "/english/news/201806/t20180623_9014.html"
GARBLED_HTML = "<html><head><title>IDCPC\n<body><h2>Headline</h2><p>Beijing, June 23rd--Text.</p></body></html>"
AFTER_WINDOW = "/english/news/201807/t20180702_9101.html"
BEFORE_WINDOW = "/english/news/201805/t20180530_9001.html"
OTHER_HOST = "http://www.idcpc.org.cn/english/news/201806/t20180617_9998.html"

ARTICLES: tuple[Readout, ...] = (
    MEETING_CUBA, VISIT_VIETNAM, FORUM_XIAMEN, VIDEO_NEPAL, MEETING_SPD, MEETING_LAOS, CONDOLENCE_MALTA,
    MEETING_LEBANON, NOTICE_WPK,
)
#: DOCIDs the fetcher must write for the window (every readout above).
EXPECTED_DOCIDS = frozenset(r.path.rsplit("/", 1)[1].removesuffix(".html") for r in ARTICLES)


def article_html(readout: Readout) -> str:
    """An article page: menu, headline, date line, text, footer (the department's layout)."""
    body = "\n".join(f"<p>{p}</p>" for p in readout.paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>IDCPC</title></head>
<body>
<div class="nav"><a href="/english/">Home</a> | <a href="/english/news/">News</a> |
<a href="/english/forenotice/">Forenotice</a> | <a href="/english/contact/">Contact us</a></div>
<div class="main">
<div class="title"><h2>{readout.title}</h2></div>
<div class="date"> ( {readout.printed} ) </div>
<div class="TRS_Editor">
{body}
</div>
</div>
<div class="footer">International Department of the CPC Central Committee. All rights reserved.</div>
</body></html>
"""


def malformed_html(readout: Readout) -> str:
    """The same layout broken: unclosed and misnested tags, stray end tags, no closing body or html."""
    body = "\n".join(f"<p>{p}" for p in readout.paragraphs)
    return f"""<html><head><title>IDCPC</title>
<body><div class="nav"><a href="/english/">Home</a> <b><i>News</b></i>
<div class="main"><div class="title"><h2>{readout.title}</h2></span>
<div class="date"> ( {readout.printed} ) </div>
<div class="TRS_Editor"><font face="Arial">
{body}
</div></td></tr>
<div class="footer">All rights reserved.
"""


def listing_html(items: list[tuple[str, str]], page: int | None = None, pages: int | None = None) -> str:
    """A listing page: a list of (href, headline), newest first, and TRS-style page numbers."""
    rows = "\n".join(f'<li><a href="{href}" target="_blank">{title}</a></li>' for href, title in items)
    paging = f"<script>createPageHTML({pages}, {page}, 'index', 'html');</script>" if pages else ""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>News</title></head>
<body><div class="nav"><a href="/english/">Home</a></div>
<ul class="list">
{rows}
</ul>{paging}
</body></html>
"""


def build_site(offsite_url: str) -> Site:
    """The whole imitation site; ``offsite_url`` is the (other-origin) target of one redirect."""
    site = Site()
    routes = site.routes
    routes["/robots.txt"] = Route(ROBOTS, content_type="text/plain")
    for readout in ARTICLES:
        routes[readout.path] = Route(article_html(readout))
    routes[VIDEO_NEPAL.path] = Route(malformed_html(VIDEO_NEPAL))
    routes[VISIT_VIETNAM.path].faults = ["500"]
    routes[FORUM_XIAMEN.path].faults = ["slow"]
    routes[CONDOLENCE_MALTA.path].faults = ["429"]
    routes[REDIRECTED_OFFSITE] = Route(redirect=offsite_url + REDIRECTED_OFFSITE.lstrip("/"))
    routes[REDIRECTING_SAME_SITE] = Route(redirect=MEETING_LEBANON.path)
    routes[AFTER_WINDOW] = Route(article_html(Readout(AFTER_WINDOW, "Later item", "2018.07.02", ("Beijing--Later.",))))
    routes[BEFORE_WINDOW] = Route(article_html(Readout(BEFORE_WINDOW, "Earlier item", "2018.05.30", ("Beijing--Earlier.",))))
    routes[GARBLED] = Route(GARBLED_HTML)
    routes[DISALLOWED] = Route(article_html(Readout(DISALLOWED, "Private item", "2018.06.14", ("Beijing--Private.",))))

    def rel(path: str) -> str:  # the listings link to articles relative to the section, as TRS sites do
        return "./" + path.split("/english/news/", 1)[1]

    routes["/english/news/"] = Route(
        listing_html(
            [
                (rel(AFTER_WINDOW), "Later item"),
                (rel(MEETING_CUBA.path), MEETING_CUBA.title),
                (rel(VISIT_VIETNAM.path), VISIT_VIETNAM.title),
                (rel(FORUM_XIAMEN.path), FORUM_XIAMEN.title),
                (rel(GARBLED), "A broken page"),
                (rel(REDIRECTED_OFFSITE), "An item moved elsewhere"),
                (rel(VIDEO_NEPAL.path), VIDEO_NEPAL.title),
                (rel(MEETING_SPD.path), MEETING_SPD.title),
                (OTHER_HOST, "An item on the live site"),
            ],
            page=0,
            pages=3,
        )
    )
    routes["/english/news/index_1.html"] = Route(
        listing_html(
            [
                (rel(MEETING_SPD.path), MEETING_SPD.title),  # the duplicate: listed on both pages
                (rel(CONDOLENCE_MALTA.path), CONDOLENCE_MALTA.title),
                (rel(REDIRECTING_SAME_SITE), MEETING_LEBANON.title),
                (rel(BEFORE_WINDOW), "Earlier item"),
            ],
            page=1,
            pages=3,
        )
    )
    routes["/english/news/index_2.html"] = Route(
        listing_html([(rel(BEFORE_WINDOW), "Earlier item")], page=2, pages=3)
    )
    routes["/english/forenotice/"] = Route(
        listing_html([("./201806/t20180612_9004.html", NOTICE_WPK.title), (DISALLOWED, "Private item")])
    )
    routes[SEARCH.format(n=1)] = Route(
        listing_html([(MEETING_LAOS.path, MEETING_LAOS.title), (MEETING_SPD.path, MEETING_SPD.title)])
    )
    routes[SEARCH.format(n=2)] = Route(listing_html([]))
    return site
