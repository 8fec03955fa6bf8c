"""Input that has broken other web apps. Every form and service must refuse it or keep it inert."""

HOSTILE = {
    "script": '<script>alert("cosign")</script>',
    "attribute breakout": '"><img src=x onerror=alert(1)>',
    "event handler": "<b onmouseover=alert(1)>hover</b>",
    "javascript url": "javascript:alert(document.cookie)",
    "css injection": "</style><style>body{background:url(https://evil.example/x)}</style>",
    "csv formula": '=HYPERLINK("https://evil.example","click")',
    "sql": "Robert'); DROP TABLE campaigns_signature;--",
    "header injection": "Alex\r\nBcc: victim@example.org",
    "rtl override": "\u202eredro\u202c Alex",
    "combining marks": "Zo\u0065\u0301\u0301\u0301e Lofgren",
    "nul byte": "Alex\x00Rivera",
    "overlong": "x" * 10_000,
    "unicode": "Nydia Velázquez 名前 اسم 𝔘𝔫𝔦",
    "template tag": "{{ settings.SECRET_KEY }} {% debug %}",
}
