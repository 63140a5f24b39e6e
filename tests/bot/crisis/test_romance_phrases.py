"""The Spanish, French and Portuguese phrase files read chat as people type it.

Each message must be recognised by a rule of its own language (cross-language look-alikes such
as Spanish "se mata" and Portuguese "se mata" do not count), and the figures of speech beside
them must stay quiet.
"""

import pytest

from bot.crisis.detector import Detector, Kind


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector.load_default()


RECOGNISED = {
    "es": [
        # wishes and intent, with shorthand, voseo and dropped accents
        ("q ganas de morirme la neta", Kind.CRISIS),
        ("kiero morirme", Kind.CRISIS),
        ("me dan ganas de matarme", Kind.CRISIS),
        ("ya me quiero ir de este mundo", Kind.CRISIS),
        ("voy a quitarme la vida", Kind.CRISIS),
        ("quiero tirarme del balcón", Kind.CRISIS),
        ("ya no aguanto quiero morir", Kind.CRISIS),
        # passive ideation, hopelessness and burden
        ("no le encuentro sentido a la vida", Kind.CRISIS),
        ("para qué seguir viviendo", Kind.CRISIS),
        ("no merezco vivir", Kind.CRISIS),
        ("soy un estorbo para mi familia", Kind.CRISIS),
        ("ya no voy a molestar a nadie", Kind.CRISIS),
        ("ya no tiene caso seguir viviendo", Kind.CRISIS),
        ("siento que sobro en este mundo", Kind.CRISIS),
        ("me quiero unalive", Kind.CRISIS),
        # plans and goodbyes
        ("ya está decidido, lo voy a hacer", Kind.CRISIS),
        ("perdónenme por todo, ya no puedo más", Kind.CRISIS),
        ("cuiden a mi mamá por mí", Kind.CRISIS),
        ("nos vemos en otra vida", Kind.CRISIS),
        # self-harm
        ("me corte de nuevo", Kind.CRISIS),
        ("me hice cortes en las piernas", Kind.CRISIS),
        ("me autolesioné ayer", Kind.CRISIS),
        # someone else, in reported speech
        ("mi amigo me dijo que quiere acabar con todo", Kind.CONCERN),
        ("mi amiga me escribió que se va a quitar la vida", Kind.CONCERN),
        ("mi compa anda diciendo que se quiere morir", Kind.CONCERN),
        ("mi prima se cortó otra vez", Kind.CONCERN),
        ("me preocupa que mi amiga se haga daño", Kind.CONCERN),
        # aimed at someone
        ("matate", Kind.HARASSMENT),
        ("por qué no te matas", Kind.HARASSMENT),
        ("pégate un tiro", Kind.HARASSMENT),
        ("nadie te extrañaría", Kind.HARASSMENT),
    ],
    "fr": [
        ("jveux mourir", Kind.CRISIS),
        ("je veut mourir", Kind.CRISIS),
        ("g envie de crever", Kind.CRISIS),
        ("je vais me foutre en l'air ce soir", Kind.CRISIS),
        ("je veux m'enlever la vie", Kind.CRISIS),
        ("je pense à me jeter sous un train", Kind.CRISIS),
        ("j'ai pu envie de vivre", Kind.CRISIS),
        ("à quoi bon vivre", Kind.CRISIS),
        ("je devrais même pas exister", Kind.CRISIS),
        ("chu tanné de vivre", Kind.CRISIS),
        ("jpp de cette vie", Kind.CRISIS),
        # a wish to die keeps its weight beside a laugh
        ("je veux mourir mdr", Kind.CRISIS),
        ("ce soir je passe à l'acte", Kind.CRISIS),
        ("dites à ma mère que je l'aime", Kind.CRISIS),
        ("je me suis scarifiée", Kind.CRISIS),
        ("j'ai recommencé à me couper", Kind.CRISIS),
        ("mon pote parle de se foutre en l'air", Kind.CONCERN),
        ("ma copine m'a dit qu'elle voulait mourir", Kind.CONCERN),
        ("ma soeur s'est scarifiée hier", Kind.CONCERN),
        ("mon coloc a des idées suicidaires", Kind.CONCERN),
        ("va te pendre", Kind.HARASSMENT),
        ("va donc te pendre", Kind.HARASSMENT),
        ("personne te regrettera", Kind.HARASSMENT),
    ],
    "pt": [
        ("qro morrer", Kind.CRISIS),
        ("n quero mais viver", Kind.CRISIS),
        ("nao aguento mais quero morrer", Kind.CRISIS),
        ("vou-me matar", Kind.CRISIS),
        ("quero matar-me", Kind.CRISIS),
        ("apetece-me morrer", Kind.CRISIS),
        ("tô com vontade de me matar", Kind.CRISIS),
        ("vou me jogar da ponte", Kind.CRISIS),
        ("queria nunca ter nascido", Kind.CRISIS),
        ("estou farto de viver", Kind.CRISIS),
        ("não mereço viver", Kind.CRISIS),
        ("ngm ia sentir minha falta", Kind.CRISIS),
        ("tá decidido, vou fazer isso hoje", Kind.CRISIS),
        ("me perdoem por tudo", Kind.CRISIS),
        ("cortei-me outra vez", Kind.CRISIS),
        ("quero morrer kkkk", Kind.CRISIS),
        ("to me cortando", Kind.CRISIS),
        ("minha amiga me contou que quer sumir pra sempre", Kind.CONCERN),
        ("meu irmão tentou se matar", Kind.CONCERN),
        ("minha amiga se cortou de novo", Kind.CONCERN),
        ("meu amigo me disse que vai acabar com tudo", Kind.CONCERN),
        ("pula da ponte", Kind.HARASSMENT),
        ("tomara que vc morra", Kind.HARASSMENT),
    ],
}

FIGURES_OF_SPEECH = {
    "es": [
        "me quiero morir de la vergüenza jaja",
        "quiero morir de amor por ese perro",
        "me muero de sueño",
        "si no como algo voy a morir",
        "me corté el dedo cortando cebolla",
        "me corté con un papel",
        "ya tengo todo planeado para el viaje",
        "me despido, mañana tengo clase",
        "quiero desaparecer de la vergüenza",
        "compré una cuerda para la guitarra",
        "antes quería morir, ahora estoy mejor",
        "si repruebo me voy a matar jaja",
        "🎵 ya no quiero vivir sin ti 🎵",
    ],
    "fr": [
        "je vais crever de chaud",
        "je vais mourir ce contrôle est horrible",
        "j'ai envie de mourir de rire",
        "je me suis coupé le doigt en cuisinant",
        "je me suis brûlé la langue",
        "je me coupe du monde un peu",
        "adieu tout le monde, je quitte le serveur",
        "c'est décidé, on part à la plage",
        "pardonnez-moi pour le retard",
        "jpp de ce boulot",
        "si j'ai pas mon bac je vais me tuer mdr",
    ],
    "pt": [
        "vou morrer nessa prova",
        "vou morrer de calor",
        "me cortei cozinhando",
        "já decidi o que vou comer",
        "tenho um plano pro fim de semana",
        "tô cansado de tudo no trabalho",
        "quero sumir de vergonha kkk",
        "não vou estar aqui amanhã, vou viajar",
        "me perdoem pelo atraso",
        "vou matar a saudade",
        "se eu reprovar vou me matar kkkk",
    ],
}


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [(language, text, kind) for language, cases in RECOGNISED.items() for text, kind in cases],
)
def test_chat_register_is_recognised_by_its_own_language(
    detector: Detector, language: str, text: str, kind: Kind
) -> None:
    detection = detector.classify(text)

    assert detection.kind is kind
    assert any(rule.startswith(f"{language}.") for rule in detection.rule_ids), detection


@pytest.mark.parametrize("text", [text for texts in FIGURES_OF_SPEECH.values() for text in texts])
def test_figures_of_speech_and_everyday_plans_stay_quiet(detector: Detector, text: str) -> None:
    assert detector.classify(text).kind is Kind.NONE
