"""What the coach says instead of a reply the screen held back, in the session's language (13 languages).

A refusal is short and kind, in the interviewer's (or examiner's, or colleague's) voice: one sentence that says
what it will not do, one that brings the visitor back to practice. Self-harm gets no coaching at all: a short
supportive message with where to find help now. Texts are plain (no links, no markdown): they are spoken too.
"""
from __future__ import annotations

from core.lang_guess import guess_language
from core.languages import CODES

# What the coach will not do, by category.
_WHY = {
    "en": {"harmful": "I can't help with that, sorry.",
           "sexual": "That's not something I'll talk about here.",
           "harassment": "I won't join in with hurtful words about anyone.",
           "injection": "My set-up stays private, and I'm staying in my role.",
           "off_task": "That's outside what I'm here for: I'm just your speaking partner."},
    "es": {"harmful": "Con eso no puedo ayudarte, lo siento.",
           "sexual": "De eso no voy a hablar aquí.",
           "harassment": "No voy a sumarme a palabras que hieren a nadie.",
           "injection": "Mi configuración es privada y sigo en mi papel.",
           "off_task": "Eso queda fuera de lo que hago aquí: solo soy tu compañero de práctica oral."},
    "fr": {"harmful": "Je ne peux pas t'aider pour ça, désolé.",
           "sexual": "Ce n'est pas un sujet que j'aborde ici.",
           "harassment": "Je ne vais pas m'associer à des mots blessants envers qui que ce soit.",
           "injection": "Ma configuration reste privée, et je reste dans mon rôle.",
           "off_task": "Ça sort de ce que je fais ici : je suis seulement ton partenaire pour pratiquer l'oral."},
    "de": {"harmful": "Dabei kann ich dir leider nicht helfen.",
           "sexual": "Darüber spreche ich hier nicht.",
           "harassment": "Bei verletzenden Worten über andere mache ich nicht mit.",
           "injection": "Meine Einstellungen bleiben privat, und ich bleibe in meiner Rolle.",
           "off_task": "Das gehört nicht zu dem, wofür ich hier bin: Ich bin nur dein Gesprächspartner zum Üben."},
    "zh": {"harmful": "抱歉，这个我帮不了你。",
           "sexual": "这个话题我在这里不谈。",
           "harassment": "我不会参与伤害任何人的言论。",
           "injection": "我的设置是保密的，我会继续扮演我的角色。",
           "off_task": "这不在我的职责范围内：我只是陪你练习口语的伙伴。"},
    "hi": {"harmful": "माफ़ कीजिए, इसमें मैं मदद नहीं कर सकता।",
           "sexual": "इस विषय पर मैं यहाँ बात नहीं करूँगा।",
           "harassment": "मैं किसी के बारे में चोट पहुँचाने वाली बातों में शामिल नहीं होऊँगा।",
           "injection": "मेरी सेटिंग्स निजी हैं, और मैं अपनी भूमिका में ही रहूँगा।",
           "off_task": "यह मेरे काम से बाहर है: मैं सिर्फ़ बोलने के अभ्यास में आपका साथी हूँ।"},
    "ja": {"harmful": "申し訳ありませんが、それはお手伝いできません。",
           "sexual": "その話題はここでは扱いません。",
           "harassment": "誰かを傷つける言葉には加わりません。",
           "injection": "設定は非公開です。私はこのまま自分の役割を続けます。",
           "off_task": "それは私の役目の外です。私は会話練習の相手です。"},
    "ko": {"harmful": "죄송하지만 그건 도와드릴 수 없어요.",
           "sexual": "그 이야기는 여기서 하지 않을게요.",
           "harassment": "누군가에게 상처 주는 말에는 함께하지 않을게요.",
           "injection": "제 설정은 비공개이고, 저는 제 역할을 계속할게요.",
           "off_task": "그건 제 역할 밖이에요. 저는 말하기 연습 상대일 뿐이에요."},
    "pt": {"harmful": "Com isso não posso ajudar, desculpa.",
           "sexual": "Sobre isso não vou falar aqui.",
           "harassment": "Não vou entrar em palavras que magoem ninguém.",
           "injection": "A minha configuração é privada, e continuo no meu papel.",
           "off_task": "Isso fica fora do que faço aqui: sou só o teu parceiro de prática oral."},
    "ar": {"harmful": "آسف، لا أستطيع المساعدة في ذلك.",
           "sexual": "هذا موضوع لن أتحدث عنه هنا.",
           "harassment": "لن أشارك في كلام يجرح أي شخص.",
           "injection": "إعداداتي خاصة، وسأبقى في دوري.",
           "off_task": "هذا خارج ما أقوم به هنا: أنا فقط شريكك في التدرّب على المحادثة."},
    "ru": {"harmful": "Простите, с этим я помочь не могу.",
           "sexual": "Об этом я здесь говорить не буду.",
           "harassment": "Я не буду участвовать в обидных словах о ком-либо.",
           "injection": "Мои настройки закрыты, и я остаюсь в своей роли.",
           "off_task": "Это не то, для чего я здесь: я только ваш партнёр по разговорной практике."},
    "it": {"harmful": "Mi dispiace, con questo non posso aiutarti.",
           "sexual": "Di questo non parlo qui.",
           "harassment": "Non mi unisco a parole che feriscono qualcuno.",
           "injection": "Le mie impostazioni restano private, e resto nel mio ruolo.",
           "off_task": "Questo va oltre quello che faccio qui: sono solo il tuo compagno per esercitarti a parlare."},
    "nl": {"harmful": "Daar kan ik je helaas niet mee helpen.",
           "sexual": "Daar praat ik hier niet over.",
           "harassment": "Ik doe niet mee aan kwetsende woorden over wie dan ook.",
           "injection": "Mijn instellingen blijven privé, en ik blijf in mijn rol.",
           "off_task": "Dat valt buiten waar ik voor ben: ik ben alleen je gesprekspartner om te oefenen."},
}

# Back to practice, by mode.
_BACK = {
    "en": {"interview": "Let's get back to the interview: how would you answer the last question?",
           "language": "Let's carry on practising: tell me a bit more about your day?",
           "chat": "Let's talk about something else: what have you been up to lately?"},
    "es": {"interview": "Volvamos a la entrevista: ¿cómo responderías a la última pregunta?",
           "language": "Sigamos practicando: ¿me cuentas un poco más sobre tu día?",
           "chat": "Hablemos de otra cosa: ¿qué has hecho últimamente?"},
    "fr": {"interview": "Revenons à l'entretien : comment répondrais-tu à la dernière question ?",
           "language": "Continuons à pratiquer : tu me parles un peu de ta journée ?",
           "chat": "Parlons d'autre chose : qu'est-ce que tu as fait ces derniers temps ?"},
    "de": {"interview": "Zurück zum Interview: Wie würdest du die letzte Frage beantworten?",
           "language": "Lass uns weiter üben: Erzähl mir ein bisschen von deinem Tag?",
           "chat": "Lass uns über etwas anderes reden: Was hast du in letzter Zeit so gemacht?"},
    "zh": {"interview": "我们回到面试吧：你会怎么回答刚才的问题？",
           "language": "我们继续练习吧：跟我说说你今天过得怎么样？",
           "chat": "我们聊点别的吧：你最近在忙什么？"},
    "hi": {"interview": "चलिए इंटरव्यू पर लौटते हैं: आप पिछले सवाल का जवाब कैसे देंगे?",
           "language": "चलिए अभ्यास जारी रखते हैं: मुझे अपने दिन के बारे में थोड़ा और बताइए?",
           "chat": "चलिए किसी और बारे में बात करते हैं: आजकल आप क्या कर रहे हैं?"},
    "ja": {"interview": "面接に戻りましょう。さっきの質問にはどう答えますか？",
           "language": "練習を続けましょう。今日一日のことをもう少し教えてください。",
           "chat": "ほかの話をしましょう。最近はどう過ごしていますか？"},
    "ko": {"interview": "면접으로 돌아가요. 방금 질문에는 어떻게 답하시겠어요?",
           "language": "연습을 계속해요. 오늘 하루에 대해 조금 더 이야기해 줄래요?",
           "chat": "다른 이야기를 해요. 요즘 어떻게 지내세요?"},
    "pt": {"interview": "Vamos voltar à entrevista: como responderias à última pergunta?",
           "language": "Vamos continuar a praticar: contas-me um pouco mais sobre o teu dia?",
           "chat": "Vamos falar de outra coisa: o que tens feito ultimamente?"},
    "ar": {"interview": "لنعد إلى المقابلة: كيف ستجيب عن السؤال الأخير؟",
           "language": "لنواصل التدرّب: حدّثني قليلاً عن يومك؟",
           "chat": "لنتحدث عن شيء آخر: ماذا كنت تفعل مؤخراً؟"},
    "ru": {"interview": "Вернёмся к собеседованию: как бы вы ответили на последний вопрос?",
           "language": "Давайте продолжим практику: расскажите немного о своём дне?",
           "chat": "Давайте поговорим о другом: чем вы занимались в последнее время?"},
    "it": {"interview": "Torniamo al colloquio: come risponderesti all'ultima domanda?",
           "language": "Continuiamo a esercitarci: mi racconti qualcosa della tua giornata?",
           "chat": "Parliamo d'altro: cosa hai fatto di bello ultimamente?"},
    "nl": {"interview": "Laten we teruggaan naar het gesprek: hoe zou je de laatste vraag beantwoorden?",
           "language": "Laten we verder oefenen: vertel me iets meer over je dag?",
           "chat": "Laten we het over iets anders hebben: wat heb je de laatste tijd gedaan?"},
}

# Self-harm: no coaching, where to find help now (findahelpline.com lists free lines for every country).
_SUPPORT = {
    "en": "I'm really sorry you're feeling this way, and I'm glad you said it. You don't have to carry this alone: "
          "please talk to someone you trust, or a crisis line; findahelpline.com lists free, confidential ones in "
          "your country. If you might act on these thoughts, call your local emergency number now. The practice "
          "can wait; it will be here when you want it.",
    "es": "Siento mucho que te sientas así, y me alegra que lo hayas dicho. No tienes que cargar con esto a solas: "
          "habla con alguien de confianza o con una línea de crisis; en findahelpline.com encontrarás líneas "
          "gratuitas y confidenciales de tu país. Si pudieras actuar según estos pensamientos, llama ahora al número "
          "de emergencias local. La práctica puede esperar.",
    "fr": "Je suis vraiment désolé que tu te sentes ainsi, et je suis content que tu l'aies dit. Tu n'as pas à porter "
          "ça seul : parles-en à quelqu'un de confiance ou à une ligne d'écoute ; findahelpline.com indique des lignes "
          "gratuites et confidentielles dans ton pays. Si tu risques de passer à l'acte, appelle maintenant le numéro "
          "d'urgence local. L'entraînement peut attendre.",
    "de": "Es tut mir wirklich leid, dass es dir so geht, und gut, dass du es gesagt hast. Du musst das nicht allein "
          "tragen: Sprich mit jemandem, dem du vertraust, oder mit einer Krisenhotline; auf findahelpline.com findest "
          "du kostenlose, vertrauliche Angebote in deinem Land. Wenn du fürchtest, danach zu handeln, ruf jetzt den "
          "örtlichen Notruf an. Das Üben kann warten.",
    "zh": "听到你这样难受，我真的很难过，也谢谢你说出来。你不必独自承受：请和你信任的人聊聊，或者联系心理危机热线；"
          "findahelpline.com 上有你所在国家的免费、保密热线。如果你可能会按这些想法去做，请马上拨打当地的紧急电话。"
          "练习可以以后再说。",
    "hi": "मुझे सच में दुख है कि आप ऐसा महसूस कर रहे हैं, और अच्छा है कि आपने यह बताया। आपको यह अकेले नहीं सहना है: "
          "किसी भरोसेमंद व्यक्ति से या किसी संकट हेल्पलाइन से बात कीजिए; findahelpline.com पर आपके देश की मुफ़्त और "
          "गोपनीय हेल्पलाइन मिलेंगी। अगर आपको लगता है कि आप इन विचारों पर अमल कर सकते हैं, तो अभी अपने स्थानीय "
          "आपातकालीन नंबर पर कॉल कीजिए। अभ्यास इंतज़ार कर सकता है।",
    "ja": "そんなにつらい気持ちでいると聞いて、本当に心配です。話してくれてありがとう。一人で抱え込まないでください。"
          "信頼できる人か相談窓口に話してみてください。findahelpline.com に、お住まいの国の無料で秘密が守られる窓口が"
          "載っています。今にも行動してしまいそうなら、すぐに地域の緊急番号に電話してください。練習はいつでもできます。",
    "ko": "그렇게 힘든 마음이라니 정말 안타까워요. 말해 줘서 고마워요. 혼자 견디지 않아도 돼요. 믿을 수 있는 사람이나 "
          "위기 상담 전화에 이야기해 보세요. findahelpline.com 에서 살고 계신 나라의 무료 비밀 상담 전화를 찾을 수 "
          "있어요. 지금 행동으로 옮길 것 같다면 바로 지역 긴급 번호로 전화하세요. 연습은 나중에 해도 괜찮아요.",
    "pt": "Lamento muito que te sintas assim, e ainda bem que o disseste. Não tens de carregar isto sozinho: fala com "
          "alguém de confiança ou com uma linha de apoio; em findahelpline.com há linhas gratuitas e confidenciais no "
          "teu país. Se achares que podes agir segundo estes pensamentos, liga já para o número de emergência local. "
          "A prática pode esperar.",
    "ar": "أنا آسف حقاً لأنك تشعر بهذا، ويسعدني أنك قلته. لست مضطراً لتحمّل هذا وحدك: تحدّث مع شخص تثق به أو مع خط "
          "مساعدة للأزمات؛ ستجد في findahelpline.com خطوطاً مجانية وسرية في بلدك. إذا كنت قد تتصرف بناءً على هذه "
          "الأفكار، فاتصل الآن برقم الطوارئ المحلي. التدريب يمكنه الانتظار.",
    "ru": "Мне очень жаль, что вам так тяжело, и хорошо, что вы об этом сказали. Не нужно справляться с этим в "
          "одиночку: поговорите с тем, кому доверяете, или позвоните на линию помощи; на findahelpline.com есть "
          "бесплатные конфиденциальные линии вашей страны. Если вы можете совершить что-то с собой, позвоните сейчас "
          "в местную службу экстренной помощи. Практика подождёт.",
    "it": "Mi dispiace davvero che tu ti senta così, e sono contento che tu l'abbia detto. Non devi portare questo "
          "peso da solo: parlane con qualcuno di cui ti fidi o con una linea di ascolto; su findahelpline.com trovi "
          "linee gratuite e riservate nel tuo paese. Se pensi di poter agire, chiama subito il numero di emergenza "
          "locale. L'esercizio può aspettare.",
    "nl": "Wat naar dat je je zo voelt, en goed dat je het zegt. Je hoeft dit niet alleen te dragen: praat met iemand "
          "die je vertrouwt of met een hulplijn; op findahelpline.com staan gratis, vertrouwelijke hulplijnen in jouw "
          "land. Als je bang bent dat je er iets mee doet, bel dan nu het lokale alarmnummer. Het oefenen kan wachten.",
}

# The coach's own reply carried its instructions or a key: cut, and back to practice.
_CUT = {
    "en": "Let me stop there.", "es": "Mejor lo dejo aquí.", "fr": "Je m'arrête là.", "de": "Ich höre hier auf.",
    "zh": "我先说到这里。", "hi": "मैं यहीं रुकता हूँ।", "ja": "ここでやめておきます。", "ko": "여기까지만 할게요.",
    "pt": "Vou parar por aqui.", "ar": "سأتوقف هنا.", "ru": "Остановлюсь на этом.", "it": "Mi fermo qui.",
    "nl": "Ik stop hier even.",
}


def session_language(mode: str, language: str, text: str = "") -> str:
    """The language to answer in: a language test's own; otherwise the message's (a chat may be in any), else English."""
    if mode == "language" and language in CODES:
        return language
    guessed = guess_language(text, "en") if text else "en"
    return guessed if guessed in CODES else "en"


def refusal(category: str, mode: str, language: str) -> str:
    """A short, kind refusal in the coach's voice that brings the visitor back to practice."""
    lang = language if language in _WHY else "en"
    why = _WHY[lang].get(category, _WHY[lang]["harmful"])
    return f"{why} {_BACK[lang].get(mode, _BACK[lang]['chat'])}"


def support(language: str) -> str:
    """The supportive reply to self-harm: no coaching, where to find help."""
    return _SUPPORT.get(language, _SUPPORT["en"])


def cut(mode: str, language: str) -> str:
    """What follows a reply the guard cut off (core.safety.leaks)."""
    lang = language if language in _CUT else "en"
    return f"{_CUT[lang]} {_BACK[lang].get(mode, _BACK[lang]['chat'])}"


def reply_for(category: str, mode: str, language: str) -> str:
    """The coach's whole reply to a screened message."""
    return support(language) if category == "self_harm" else refusal(category, mode, language)
