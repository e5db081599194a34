"""Cross-site scripting payloads gathered from public cheat sheets, for the safety tests.

Each group names where its payloads come from. Payloads that run script call alert() (a dialog
the browser test listens for) or set `window.__xss` (a marker it reads); the rest try to reach
the page some other way (a link, a form, a refresh, a style, an htmx request).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PayloadGroup:
    source: str
    payloads: tuple[str, ...]


GROUPS = [
    PayloadGroup(
        "OWASP XSS Filter Evasion Cheat Sheet "
        "(cheatsheetseries.owasp.org/cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.html): "
        "script tags, case and encoding variants, event handlers, odd tags",
        (
            "<SCRIPT>alert('XSS')</SCRIPT>",
            "<ScRiPt>window.__xss=1</sCrIpT>",
            '<SCRIPT SRC="data:text/javascript,alert(1)"></SCRIPT>',
            '<SCRIPT/XSS SRC="data:text/javascript,window.__xss=1"></SCRIPT>',
            '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
            '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
            "<IMG SRC=JaVaScRiPt:alert('XSS')>",
            "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
            "<IMG SRC=# onmouseover=\"alert('xxs')\">",
            '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
            '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099'
            "&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101"
            "&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039"
            '&#0000041">',
            "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;"
            "&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
            "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
            '<a onmouseover="alert(document.cookie)">xxs link</a>',
            '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
            "<BODY ONLOAD=alert('XSS')>",
            '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
            '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
            "<svg/onload=alert('XSS')>",
            "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
            "<a href=\"vbscript:msgbox('XSS')\">vbscript link</a>",
            "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TR><TD>cell</TD></TR></TABLE>",
            "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
            '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
            '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,'
            'PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
            "<BASE HREF=\"javascript:alert('XSS');//\">",
            '<OBJECT TYPE="text/x-scriptlet" DATA="data:text/html,<script>alert(1)</script>">'
            "</OBJECT>",
            '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMj'
            'AwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=" type="image/svg+xml">',
            '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
            "</textarea><script>alert('textarea breakout')</script>",
            '"><script>window.__xss=1</script>',
            "'><img src=x onerror=alert(1)>",
        ),
    ),
    PayloadGroup(
        "PortSwigger Cross-site scripting cheat sheet "
        "(portswigger.net/web-security/cross-site-scripting/cheat-sheet): events that fire "
        "without a click, SVG and MathML, iframes, forms, objects",
        (
            "<details open ontoggle=alert(1)>",
            "<video><source onerror=alert(1)></video>",
            "<video src=x onerror=alert(1)></video>",
            "<audio src/onerror=alert(1)>",
            "<body onpageshow=alert(1)>",
            "<input autofocus onfocus=alert(1)>",
            "<xss id=x tabindex=1 onfocus=alert(1)></xss>",
            '<style>@keyframes x{}</style><xss style="animation-name:x" '
            'onanimationstart="alert(1)"></xss>',
            "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
            "<svg><script>alert(1)</script></svg>",
            "<svg><script href=data:,alert(1) />",
            "<svg><a><animate attributeName=href values=javascript:alert(1) /><text x=20 y=20>"
            "Click me</text></a></svg>",
            "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>Click"
            "</maction></math>",
            '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
            '<iframe srcdoc="&lt;img src=x onerror=alert(1)&gt;"></iframe>',
            '<form action="javascript:alert(1)"><input type=submit value="Send"></form>',
            "<form><button formaction=javascript:alert(1)>click</button></form>",
            '<object data="javascript:alert(1)"></object>',
            '<embed src="javascript:alert(1)">',
            '<a href="javascript&colon;alert(1)">entity colon</a>',
            '<a href="&#106;avascript:alert(1)">entity j</a>',
            '<a href="java&Tab;script:alert(1)">entity tab</a>',
            '<a href="  javascript:alert(1)">leading spaces</a>',
        ),
    ),
    PayloadGroup(
        "Mutation XSS: DOMPurify bypasses by Michał Bentkowski (Securitum, 2019-2020) and "
        "Masato Kinugawa, and the noscript/comment tricks in PortSwigger's cheat sheet",
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
            "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
            '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
            "<template><script>alert(1)</script></template>",
            "<!--><img src=x onerror=alert(1)>-->",
            "<!-- --!><img src=x onerror=alert(1)> -->",
            "<style><img src=x onerror=alert(1)></style>",
            "<title><img src=x onerror=alert(1)></title>",
            "<xmp><img src=x onerror=alert(1)></xmp>",
            '<noembed><img title="</noembed><img src onerror=alert(1)>"></noembed>',
        ),
    ),
    PayloadGroup(
        "Markdown XSS payloads (github.com/cujanovic/Markdown-XSS-Payloads and the OWASP "
        "cheat sheet's encodings applied to Markdown links, autolinks and references)",
        (
            "[a](javascript:alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "[a](javascript&colon;alert(1))",
            "[a](&#x6A;avascript:alert(1))",
            "[a](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
            "[a](javascript://%0Aalert(1))",
            "[a](  javascript:alert(1)  )",
            "[a](<javascript:alert(1)>)",
            "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[a](vbscript:msgbox(1))",
            "<javascript:alert(1)>",
            "<vbscript:msgbox(1)>",
            "<data:text/html,<script>alert(1)</script>>",
            "[a][x]\n\n[x]: javascript:alert(1)",
            "[x]\n\n[x]: data:text/html,<script>alert(1)</script>",
            "![a](javascript:alert(1))",
            '![a"onerror="alert(1)](x)',
            '[a](https://example.com "title\\" onmouseover=\\"alert(1)")',
            "[<img src=x onerror=alert(1)>](https://example.com)",
            "[a](https://example.com)<img src=x onerror=alert(1)>",
            "`<script>alert(1)</script>` and ```<img src=x onerror=alert(1)>```",
            "```html\n</code></pre><script>alert(1)</script>\n```",
            "> <script>alert(1)</script>\n> [q](javascript:alert(1))",
            "* [list](javascript:alert(1))\n* <svg onload=alert(1)>",
        ),
    ),
    PayloadGroup(
        "MathML through TeX: latex2mathml's \\href, \\style, \\class, \\color and \\unicode, "
        "markup in \\text, and the MathML links and actions of PortSwigger's cheat sheet "
        "written as formulas",
        (
            "$\\href{javascript:alert(1)}{click}$",
            "$$\\href{data:text/html,<script>alert(1)</script>}{x}$$",
            "$\\style{position:fixed;top:0;left:0;width:100%;height:100%}{x}$",
            "$\\class{skip-link}{x}$ $\\color{transparent}{hidden}$",
            "$\\text{<script>window.__xss=1</script>}$",
            "$\\text{<img src=x onerror=alert(1)>}$ $\\mbox{<svg onload=alert(1)>}$",
            "$\\unicode{x3C}img src=x onerror=alert(1)\\unicode{x3E}$",
            "$\\operatorname{<maction actiontype=statusline xlink:href=javascript:alert(1)>}$",
            "$<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction>$",
            "$$\\text{</math><img src=x onerror=alert(1)>}$$",
            "$x$<math><mi xlink:href=javascript:alert(1)>click</mi></math>",
            "$\\def\\a{<script>alert(1)</script>}\\a$",
        ),
    ),
    PayloadGroup(
        "htmx attributes, from the htmx security documentation (htmx.org/docs/#security): "
        "requests, inline handlers and js: values a user must never add",
        (
            '<div hx-get="/accounts/logout/" hx-trigger="load">logout on load</div>',
            '<button hx-on:click="alert(1)">htmx on</button>',
            '<div hx-on::load="window.__xss=1">htmx on load</div>',
            '<div data-hx-get="/" data-hx-trigger="load" data-hx-swap="outerHTML">data-hx</div>',
            '<div hx-post="/" hx-vals=\'js:{a: alert(1)}\' hx-trigger="load">hx-vals</div>',
            '<a hx-post="/accounts/logout/" hx-trigger="mouseover" href="#">hover</a>',
            '<img src=x hx-get="/" hx-trigger="load" hx-swap="outerHTML">',
            '<p hx-disable="false" hx-get="/" hx-trigger="load">re-enable</p>',
            '[x](/accounts/logout/ "hx-post")',
        ),
    ),
    PayloadGroup(
        "CSS injection (OWASP filter evasion: STYLE tags and attributes, expression(), "
        "url(javascript:); PortSwigger: keyframes)",
        (
            "<style>body{display:none}</style>",
            "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS",
            '<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">'
            "overlay</p>",
            "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">bg</DIV>",
            "<DIV STYLE=\"width: expression(alert('XSS'));\">expr</DIV>",
            "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
            '<link rel=stylesheet href="data:text/css,body{display:none}">',
        ),
    ),
    PayloadGroup(
        "Server-side template injection probes (PortSwigger, Server-side template injection)",
        (
            "{{7*7}} {{ request.user.password }} {{settings.SECRET_KEY}}",
            "{% debug %}{% load static %}{% now 'Y' %}",
            "${7*7} #{7*7} <%= 7*7 %>",
        ),
    ),
]

PAYLOADS = [payload for group in GROUPS for payload in group.payloads]
# Short enough to sit in one-line fields (titles, names, reasons).
ONE_LINE = [payload for payload in PAYLOADS if "\n" not in payload and len(payload) <= 80]
# Text that must show up literally wherever the template probes land.
TEMPLATE_PROBES = ["{{7*7}}", "{{settings.SECRET_KEY}}", "{% debug %}{% load static %}"]
