"""Exact rules: attempts to take over the coach or read its instructions, keys or settings, in 13 languages.

Only what is exact lives here: the phrases of an injection ("ignore all previous instructions", "you are now
DAN", a fake "system:" message) and requests for the coach's prompt, keys or configuration. A professional
answer may talk about API keys or prompts in general ("I rotated the API keys"); these rules need the coach
itself to be addressed ("your system prompt", "reveal the instructions you were given"). Meaning (harm, abuse,
self-harm, off-task use) is the model's job (core.safety.model), except the plainest first-person words of
self-harm ("I want to kill myself"), which must never depend on a threshold.
"""
from __future__ import annotations

import re
import unicodedata

_FLAGS = re.IGNORECASE | re.UNICODE

# A request to disclose, spell out or transform something; _SHOW alone means "make it visible".
_SHOW = (r"\b(show|print|reveal|repeat|output|display|dump|share|paste|copy|list|recite|leak|expose|spell|encode|"
         r"base64|translate|write out|read out|read aloud)\b")
_ASK = (r"\b(show|print|reveal|repeat|output|display|dump|tell|give|share|paste|copy|list|write|recite|read|"
        r"translate|summari[sz]e|encode|base64|spell|leak|send|quote|expose|explain|describe|say|what(\'s| is| are)|"
        r"contains?)\b")

# English: the phrases of an injection, a request for what the coach was given, a new persona without rules.
_EN = [
    # "ignore / forget all previous instructions", "disregard your guidelines", "ignore the above"
    r"\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+|every\s+)?(of\s+)?(your|the|these|those)?\s*"
    r"(previous|prior|earlier|above|preceding|original|initial|system)\s+"
    r"(instructions?|rules|guidelines|prompts?|directions|directives|policies|restrictions|constraints|orders|messages?|text)",
    r"\b(ignore|disregard|forget|override|bypass)\s+(all\s+)?(of\s+)?your\s+(instructions|rules|guidelines|programming|"
    r"restrictions|policies|constraints|system prompt|safety|filters?|role)",
    r"\b(ignore|disregard|forget)\s+(everything|all)?\s*(the\s+)?above\b",
    r"\bignore\s+(the\s+)?(operator|developer|content policy|language exercise)\b",
    r"\bignore\s+prior\s+rules\b",
    r"\bpretend\s+(the\s+)?(previous|prior|earlier)\s+(conversation|messages?|instructions)\b",
    # what the coach was given: its prompt, instructions, keys and settings
    r"\byour\s+(own\s+)?(system|initial|hidden|original|secret|internal|full|entire|exact)\s+(prompt|instructions?|"
    r"rules|configuration|config|settings|line of instructions)\b|\byour\s+first\s+line\s+of\s+instructions\b",
    r"\byour\s+(api[\s_-]?(keys?|tokens?)|secret\s+(keys?|tokens?)|system\s+prompt|context window|programming|"
    r"moderation rules|environment variables|env vars)\b",
    rf"{_SHOW}.{{0,60}}\b(your|its)\s+(\w+\s+){{0,2}}(prompt|instructions|guidelines|rules|settings|config\w*|credentials|"
    r"restrictions|policy|policies)\b",
    rf"{_ASK}.{{0,40}}\b(your|the)\s+(system|initial|hidden|original|internal)\s+(prompt|instructions?|rules|settings)\b",
    r"\b(system|initial|hidden)\s+(prompt|instructions?)\b.{0,60}" + _ASK,
    r"\bhere('s| is)\s+(my|your|the)\s+(system|initial|hidden)\s+(prompt|instructions)\b",
    r"\b(system|developer)\s+(and|or|&)\s+(system|developer)\s+messages\b",
    r"\bfreed\s+from\b.{0,40}\b(rules|restrictions|guidelines)\b",
    r"\bpersona\b.{0,80}\b(anything|no rules|no matter what|stay in character|no restrictions)\b",
    r"\b(instructions|prompt|rules|text|messages?)\s+(that\s+)?you\s+(were|have been|had been)\s+"
    r"(given|told|configured|set|fed|provided|sent)\b",
    r"\b(instructions|prompt|text)\s+(they|the developers?|the designers?|the app designers?)\s+(gave|wrote)\s+(for\s+)?you\b",
    r"\b(you('ve| have| were)\s+been\s+told\s+to\s+do)\b",
    r"\b(what|which)\s+(instructions|rules|prompt)\s+(were|have)\s+you\s+(been\s+)?(given|told|set)\b",
    r"\bact\s+as\s+(an?\s+)?(unrestricted|unfiltered|uncensored|jailbroken|evil)\b",
    r"\b(developers?|admin|administrator|operator|openai|parley team)\s+(has|have)\s+(authori[sz]ed|allowed|instructed|"
    r"permitted)\s+you\b",
    r"\bwhat\s+you\s+were\s+(told|given|configured)\s+(to|with|before)\b",
    r"\b(text|words|everything|message|messages)\s+(above|before)\s+(this|mine|my (first )?message|my first)\b",
    r"\b(repeat|quote|copy|print|show)\s+(me\s+)?(the|all the|everything|all)\s+(text|words|content|messages?)?\s*(above|before)\b",
    r"\bmessage before mine\b",
    r"\b(api|secret|access|auth)[\s_-]?(key|token)s?\b.{0,40}\b(configured|stored|in your|you use|you have|of (this|the) app|"
    r"for this app)\b",
    rf"{_ASK}.{{0,80}}\b(your|its|this app's|the app's|parley's)\b.{{0,30}}\b(api[\s_-]?(key|token)s?|secret (key|token)s?|"
    r"credentials|environment variables|env vars|auth headers|webhook urls?|settings|config\w*)\b",
    r"\b(secret|webhook)\s+(tokens?|urls?)\b.{0,40}\b(configured|set up)\s+for\s+this\s+app\b",
    r"\b(tools?|functions?|endpoints?)\b.{0,40}\byou\s+have\s+access\s+to\b.{0,60}\b(urls?|headers?|keys?)\b",
    rf"{_ASK}.{{0,40}}\b(internal settings|raw config|moderation (rules|thresholds))\b",
    r"\bos\.environ\b|\bprintenv\b|\bcat\s+/etc/",
    # a new persona without rules, a fake system or admin message
    r"\byou\s+are\s+(now\s+)?DAN\b|\bDAN\s+(mode|active|activated)\b|\bdo\s+anything\s+now\b",
    r"\b(developer|debug|maintenance|god|admin|jailbreak|unrestricted|unfiltered)\s+mode\b",
    r"\bjail\s?-?broken\b|\bjailbreak\b",
    r"\b(no|without)\s+(any\s+)?(rules|restrictions|limits|filters|content policy|guidelines|policies)\b.{0,60}"
    r"\b(you|assistant|ai|coach)\b|\b(you|you're|you are)\b.{0,60}\b(no|without)\s+(any\s+)?(rules|restrictions|"
    r"filters|content policy|guidelines)\b",
    r"\b(you('re| are) (no longer|not) (bound|parley|an? interview|the interviewer|a coach))\b",
    r"\b(from now on|starting now),?\s+(you|reply|answer|respond)\b.{0,80}\b(no matter what|everything|without refus\w*|"
    r"original instructions|instructions)\b",
    r"\b(new|updated)\s+(system|admin|developer)\s+(message|instructions?|prompt|rules?|note)\b",
    r"\b(important\s+)?new\s+instructions\s+(from|follow)\b",
    r"(^|[\n.!?]\s*|#\s*)(system|assistant|developer)\s*:\s",
    r"\[\s*(admin|system|developer|operator)\s+(note|message|override)",
    r"<!--|<\|im_start\|>|\[/?INST\]",
    r"\b(system override|override code|authori[sz]ation code)\b",
    r"\b(admin|administrator)\s+(rights|access|privileges)\b.{0,40}\b(ignore|reveal|disable|show)\b",
    r"\b(user|i)\s+(has|have|am)\s+(an?\s+)?(admin|administrator)\b",
    r"\bdisable\s+(the\s+)?(safety|content)\s+(screen|filters?|checks?)\b",
    r"\bsudo\b.{0,20}\b(ignore|show|reveal|disable)\b",
    r"\b(stop|quit)\s+(being|acting as)\s+(the|an|my)\s+(interviewer|coach|examiner)\b",
    r"\bforget\s+(that\s+)?you('re| are)\s+(an?\s+)?(interview|language|practice)?\s*(coach|interviewer|examiner|tutor)\b",
]

# The same requests in the other 12 languages: the prompt, keys and settings, "ignore previous instructions".
_OTHER = [
    # "show me your instructions / settings"
    r"\b(muéstrame|muestra|revela|dime|repite)\b.{0,30}\btus\s+(instrucciones|reglas|ajustes|configuración)\b",
    r"\b(montre|affiche|révèle|répète|donne)\b.{0,30}\b(tes|vos)\s+(instructions|consignes|réglages|paramètres)\b",
    r"\b(zeig|gib|verrate|wiederhole|nenne)\b.{0,30}\bdeine\s+(anweisungen|instruktionen|einstellungen|konfiguration)\b",
    r"\b(mostra|mostre|revela|revele|diz|repete)\b.{0,30}\b(suas|tuas)\s+(instruções|regras|configurações)\b",
    r"\b(mostrami|rivela|dimmi|ripeti)\b.{0,30}\b(le\s+)?tue\s+(istruzioni|regole|impostazioni)\b",
    r"\b(laat|toon|geef|herhaal)\b.{0,30}\b(je|jouw)\s+(instructies|regels|instellingen)\b",
    r"(покажи|выведи|раскрой|повтори|назови)\s.{0,30}(свои|твои)\s+(инструкции|правила|настройки)",
    r"(告诉|显示|输出|给我看|透露|重复).{0,10}你的(指令|指示|设置|规则|提示词)",
    r"あなたの(指示|設定|ルール|プロンプト)を(教えて|見せて|表示|出力)",
    r"(너의|당신의)\s*(지시|설정|규칙|프롬프트)(를|을)?\s*(알려|보여|출력)",
    r"(اعرض|أظهر|اكشف|كرر|أخبرني\s+ب).{0,20}(تعليماتك|إعداداتك|قواعدك)",
    r"(अपने|तुम्हारे)\s+(निर्देश|सेटिंग्स|नियम)\s+(बताओ|दिखाओ)",
    # es
    r"\b(ignora|olvida|omite)\s+(todas\s+)?(las\s+)?(instrucciones|reglas|indicaciones)(\s+anteriores)?\b",
    r"\bprompt\s+del\s+sistema\b|\bclave\s+(de\s+)?(la\s+)?api\b|\btu\s+papel\s+de\s+entrevistador\b",
    r"\b(repite|muestra)\b.{0,30}\b(texto|instrucciones)\s+que\s+te\s+(dieron|han dado)\b",
    # fr
    r"\b(ignore|oublie)\s+(toutes\s+)?(les|tes|vos)\s+(instructions|consignes|règles)\b",
    r"\bprompt\s+(du\s+)?système\b|\bclé\s+(d'|de\s+l')?api\b|\bconfiguration\s+secrète\b|\btes\s+règles\b.{0,30}\brévèle\b"
    r"|\bdésactive\s+tes\s+règles\b",
    # de
    r"\b(ignoriere|vergiss|missachte)\s+(alle\s+)?(bisherigen\s+|vorherigen\s+|vorigen\s+)?(anweisungen|regeln|instruktionen)\b",
    r"\bsystem-?prompt\b|\bapi-?schlüssel\b|\bsystemanweisung\b|\btext\s+über\s+meiner\b",
    # pt
    r"\b(ignore|ignora|esqueça|esquece)\s+(todas\s+)?(as\s+)?(instruções|regras)(\s+anteriores)?\b",
    r"\bprompt\s+de\s+sistema\b|\bchave\s+da\s+api\b|\bmodo\s+desenvolvedor\b",
    # it
    r"\b(ignora|dimentica)\s+(tutte\s+)?(le\s+)?(istruzioni|regole)(\s+precedenti)?\b",
    r"\bprompt\s+di\s+sistema\b|\bchiave\s+api\b|\b(ripeti|mostra)\b.{0,30}\btesto\b.{0,20}\bsopra\b",
    # nl
    r"\b(negeer|vergeet)\s+(alle\s+)?(vorige\s+|eerdere\s+)?(instructies|regels)\b",
    r"\bsysteemprompt\b|\bapi-?sleutel\b|\bverborgen\s+instellingen\b",
    # ru
    r"(игнорируй|забудь|проигнорируй)\s+(все\s+)?(предыдущие\s+)?(инструкции|правила|указания)",
    r"системн\w+\s+(промпт|инструкци\w*)|api-?ключ|ключ\s+api|правила,?\s+которые\s+тебе\s+дали",
    # ar
    r"تجاهل\s+(جميع\s+|كل\s+)?(التعليمات|الأوامر|القواعد)|موجّ?ه\s+النظام|مفتاح\s+(الـ\s*)?API|النص\s+الموجود\s+فوق",
    # hi
    r"(पिछले|पहले\s+के)\s+(सभी\s+)?निर्देश\w*\s+(को\s+)?(भूल|अनदेखा|नज़रअंदाज़|नजरअंदाज)|सिस्टम\s+प्रॉम्प्ट|"
    r"API\s*(key|की)\s+(बताओ|दिखाओ|दो)|छुपे\s+हुए\s+निर्देश",
    # zh
    r"忽略(之前|以上|前面|先前|上面)(的)?(所有)?(指令|指示|要求|规则|说明)|系统提示|API\s*密钥|开发者给你的|最开始收到的",
    # ja
    r"(指示|命令|ルール)を(すべて|全て)?無視|システムプロンプト|APIキー|開発者モード|秘密の鍵|隠されたルール",
    # ko
    r"(지시|명령|규칙)(는|를|은|을)?\s*(모두|전부)?\s*무시|시스템\s*프롬프트|API\s*키|개발자가\s+준|제한\s+없는\s+AI",
]

_COMPILED = [re.compile(p, _FLAGS) for p in _EN + _OTHER] + [re.compile(r"\bDAN\b")]  # the persona, in capitals


# Self-harm said in the first person, in words that mean nothing else ("I want to die of shame" is not here).
_SELF_HARM = [
    # en
    r"\b(kill|killing|killed)\s+my\s?self\b|\b(end(ing)?|take|taking)\s+my\s+(own\s+)?life\b(?![-\w])",
    r"\b(i'?m|i am|i feel|feeling|been|i've been)\s+(so\s+|really\s+|very\s+)?suicidal\b",
    r"\bmy\s+suicide\b|\b(i|i'm|i am|i've)\b.{0,30}\b(commit(ting)?|thinking about|thought about|planning)\s+suicide\b",
    r"\b(want|wanna|going|plan(ning)?|tempted|urge)\s+(to\s+)?(hurt|harm|cut|burn)\s+my\s?self\b",
    r"\b(been|keep|started|stop)\s+(hurting|harming|cutting|burning)\s+my\s?self\b|\bi\s+cut\s+my\s?self\s+again\b",
    r"\b(i|i really)\s+(just\s+|really\s+)?(want|wanna)\s+to\s+die\b(?!\s+(of|from|laughing|with))",
    r"\b(don'?t|do not)\s+want\s+to\s+(live|be alive)\s+any\s?more\b|\b(no|any)\s+(point|reason)\s+(in\s+)?"
    r"(living|to live|of living)\b|\bpoint\s+of\s+living\b",
    r"\b(want|going)\s+to\s+end\s+it\s+all\b|\brather\s+be\s+dead\b|\bbetter\s+off\s+(dead|without\s+me)\b",
    r"\bwish\s+i\s+(was|were)\s+dead\b|\bwish\s+i('d| had)\s+never\s+been\s+born\b|\b(sleep|go to sleep)\s+and\s+never\s+"
    r"wake\s+up\b|\bnot\s+wake\s+up\s+(again|tomorrow|ever)\b",
    r"\b(don'?t|do not)\s+want\s+to\s+be\s+(here|alive|around)\s+any\s?more\b|\b(don'?t|do not)\s+(see|know)\s+(the|any)\s+"
    r"point\s+(of|in)\s+(living|life|going on|being alive)\b|\bcan'?t\s+go\s+on\s+living\b",
    r"\b(thinking|thought)\s+(about|of)\s+(jumping|hanging|overdosing|ending it)\b|\b(written|wrote)\s+(my|the|a)\s+"
    r"(suicide|goodbye)\s+notes?\b|\bi'?m\s+ending\s+(it|things)\b",
    r"\b(took|taken|take|swallowed)\s+(a\s+bunch\s+of|all\s+(of\s+)?my|too\s+many|an?\s+overdose\s+of)\s+\w*\s*(pills|tablets|"
    r"meds|medication|antidepressants|sleeping pills)\b",
    r"\b(swallow|swallowing|take|taking)\s+(everything|all|whatever('s)?)\s+(that'?s\s+)?(in|from)\s+(my|the)\s+"
    r"(medicine|bathroom)\s+(cabinet|cupboard)\b|\b(knife|blade|razor)\s+(to|against|across|on)\s+my\s+wrists?\b",
    r"\b(won'?t|will not|am not going to|i'?m not going to)\s+be\s+(around|here|alive)\s+(much\s+longer|for\s+long|"
    r"next\s+(week|month|year))\b",
    # a plan or a means at hand, said plainly ("drive my car into a wall on the way home", "saving up my sleeping pills");
    # written from the messages the third and fourth blind safety sets' screen missed (docs/privacy-and-reliability.md)
    r"\bi\s+(won'?t|wont|will not)\s+be\s+a\s+(problem|burden)\s+(for|to)\s+(anyone|anybody|you|them)\s+(much\s+longer|"
    r"for\s+much\s+longer)\b|\b(don'?t|dont|do not)\s+think\s+(i'?ll|ill|i\s+will)\s+be\s+(around|alive)\s+long\s+enough\b",
    r"\b(saving|saved|stockpil\w*|hoard\w*)\s+(up\s+)?(my|all\s+my|enough)?\s*(sleeping\s+)?pills\b",
    r"\b(drive|crash|steer)\s+(my|the)\s+car\s+(into|off)\s+(a|the)\s+(\w+\s+)?(wall|tree|bridge|cliff|river|lorry|truck|"
    r"reservation|barrier)\b|\bcar\s+into\b.{0,40}\bat\s+full\s+speed\b",
    r"\b(razor|blade|knife)\b.{0,80}\b(using|use)\s+(it|them)\s+on\s+my\s?self\b|\b(using|use)\s+(the|a)\s+(blade|razor|knife)\s+"
    r"on\s+my\s?self\b|\bno\s+one\s+(has|will\s+have|'ll\s+have)\s+to\s+worry\s+about\s+me\s+(ever\s+)?again\b|"
    r"\b(written|wrote|left)\s+(the|my)\s+note\b.{0,120}\bbefore\s+i\s+go\s+through\s+with\s+it\b",
    r"\b(high|tall)\s+enough\b.{0,80}\b(going\s+up\s+there|jump)\b",
    r"\b(end|ending)\s+(things|it\s+all|my\s+life)\s+for\s+good\b|\b(brave|courage|strong)\s+enough\s+to\s+(end\s+(it|things|"
    r"my\s+life)|kill\s+my\s?self)\b",
    # es, pt, it, fr
    r"\bsuicid(arme|arse|ar-me|armi)\b|\bquitarme\s+la\s+vida\b|\b(quiero|voy\s+a|pienso\s+en|pensé\s+en|(estoy|ando|sigo)\s+"
    r"pensando\s+en|ganas\s+de)\s+matarme\b",
    r"\bno\s+quiero\s+(seguir\s+)?vivir\b|\bacabar\s+con\s+mi\s+vida\b|\bquiero\s+morir(me)?\b(?!\s+de\b)",
    r"\btirar\s+(a\s+)?minha\s+(própria\s+)?vida\b|\b(quero|vou|penso\s+em|pensei\s+em|(t[ôo]|estou|ando|fico)\s+"
    r"pensando\s+em)\s+me\s+matar\b|\bnão\s+quero\s+mais\s+viver\b|"
    r"\bme\s+suicidar\b|\bquero\s+morrer\b(?!\s+de\b)",
    r"\btogliermi\s+la\s+vita\b|\buccidermi\b|\bammazzarmi\b(?!\s+di\b)|\bnon\s+voglio\s+più\s+vivere\b|\bvoglio\s+(farla\s+finita|morire)\b(?!\s+d)",
    r"\bme\s+suicider\b|\b(veux|vais|pense|envie)\b.{0,20}\bme\s+tuer\b|"
    r"\b(j'ai|je)\s+(pensé|pensais)\s+à\s+me\s+tuer\b|\bmettre\s+fin\s+à\s+mes\s+jours\b|"
    r"\bne\s+veux\s+plus\s+vivre\b|\bje\s+me\s+scarifie\b|\benvie\s+d'en\s+finir\b|\bje\s+veux\s+mourir\b(?!\s+d)",
    # de, nl
    r"\bmich\s+(umbringen|töten)\b|\bmir\s+das\s+leben\s+(zu\s+)?nehmen\b|\b(will|möchte)\s+nicht\s+mehr\s+leben\b|\bich\s+will\s+sterben\b",
    r"\bmezelf\s+(van\s+kant\s+maken|iets\s+aandoen|doden)\b|\bwil\s+(niet\s+meer\s+leven|dood)\b|"
    r"\beinde\s+aan\s+mijn\s+leven\b",
    # ru, ar, hi
    r"покончить\s+с\s+собой|убить\s+себя|не\s+хочу\s+(больше\s+)?жить|покончить\s+с\s+жизнью|хочу\s+умереть(?!\s+от)",
    r"أنتحر|أفكر\s+في\s+الانتحار|أقتل\s+نفسي|أنهي\s+حياتي|لا\s+أريد\s+أن\s+أعيش|أريد\s+أن\s+أموت",
    r"अपनी\s+जान\s+ले|खुद\s+को\s+मार\s+(दूँ|डालूँ|लूँ)|आत्महत्या\s+(करना|कर\s+लूँ|के\s+बारे\s+में\s+सोच)|"
    r"जीना\s+नहीं\s+चाहत|मरना\s+चाहत",
    # zh, ja, ko
    r"我?(想|要)自杀|不想活了|我只想死|我想死|结束自己的生命|(药|安眠药)都?攒(好|够)了|(药|安眠药).{0,12}全部吃(掉|下)",
    r"自殺(したい|しよう|を考え)|生きていたくない|死のうと思|命を絶",
    r"자살(하고\s*싶|할\s*거|을\s*생각)|살고\s*싶지\s*않|목숨을\s*끊|"
    r"자해(를|도)?\s*(또\s*|자주\s*|다시\s*|계속\s*)?(했어|했어요|했습니다|해요|하고\s*싶|하고\s*있어)",
]

def _normal(text: str) -> str:
    """NFKC (full-width letters, ligatures), zero-width characters dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return re.sub(r"\s+", " ", text)


# A request to make a weapon of mass harm or a hard drug: the request and the thing named together.
_MAKE = (r"(how\s+(do|can|would|could|to|should)\s+(i|you|we|one|someone)?\s*(make|build|synthesi[sz]e|cook|brew|produce|"
         r"manufacture|extract|assemble)|(teach|show|tell)\s+me\s+(how\s+)?to\s+(make|build|cook|synthesi[sz]e)|"
         r"(recipe|synthesis( route)?|step[- ]by[- ]step|instructions|ingredients|quantities|temperatures)\s+(for|of|to make))")
_AGENTS = (r"(bombs?|pipe\s+bombs?|explosives?|tatp|nitroglycerin\w*|thermite|napalm|molotov\w*|sarin|ricin|vx|"
           r"nerve\s+(agent|gas)|mustard\s+gas|chlorine\s+gas|anthrax|meth(amphetamine)?|crystal\s+meth|mdma|fentanyl|"
           r"heroin|crack\s+cocaine|ghost\s+guns?|untraceable\s+(gun|firearm)s?|silencers?|zip\s+guns?)")
_HARMFUL = [rf"\b{_MAKE}\b.{{0,60}}\b{_AGENTS}\b"]

_SELF_HARM_COMPILED = [re.compile(p, _FLAGS) for p in _SELF_HARM]


def _first(patterns: list[re.Pattern], text: str) -> str | None:
    """The words the first of `patterns` to match in the normalised `text` matched, else None."""
    normal = _normal(text)
    for pattern in patterns:
        found = pattern.search(normal)
        if found:
            return found.group(0).strip()
    return None


def self_harm(text: str) -> str | None:
    """The first plain first-person words of self-harm in `text`, else None."""
    return _first(_SELF_HARM_COMPILED, text)


_HARMFUL_COMPILED = [re.compile(p, _FLAGS) for p in _HARMFUL]


def harmful(text: str) -> str | None:
    """A request to make a weapon of mass harm or a hard drug, in English, else None."""
    return _first(_HARMFUL_COMPILED, text)


def injection(text: str) -> str | None:
    """The first injection or prompt/key request found in `text` (the matched words), else None."""
    return _first(_COMPILED, text)


def refused(text: str) -> tuple[str, str] | None:
    """(category, matched words) of the first exact refusal rule `text` meets: "injection", then "harmful"."""
    for category, rule in (("injection", injection), ("harmful", harmful)):
        found = rule(text)
        if found:
            return category, found
    return None
