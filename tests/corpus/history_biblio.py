"""History `biblio-rivieres`: a network of public libraries (fictitious), 2016-2027.

A heading-less preamble, ATX headings with closing hashes, one setext section, an anchor
line above a section heading (`#search`), a custom sub-heading id, inline HTML in a
heading, a revert, four sentences turned into four sections, CRLF line endings, a total
rewrite in 2023; French typography in the Quebec style (no space before ; ? !).
"""

from __future__ import annotations

from functools import partial

from make_corpus import Policy, Version, dash_to_star, fr_typography, rewrap, trailing_space

NAME = "biblio-rivieres"
DESCRIPTION = "Réseau BiblioRivières, a network of nine public libraries"
SITE = {
    "site_name": "BiblioRivières — Politique de confidentialité",
    "org_name": "Réseau des bibliothèques publiques BiblioRivières",
    "palette": "teal",
    "address": "300, boulevard des Rivières, Beloeil (Québec) J3G 0A1",
    "phone": "450-555-0117",
    "email": "vie.privee@bibliorivieres.example",
    "website": "https://bibliorivieres.example/",
    "officer": "Nadia Tremblay-Ouellet",
    "officer_title_fr": "Secrétaire générale",
    "officer_title_en": "Secretary General",
    "officer_email": "vie.privee@bibliorivieres.example",
}

typo = partial(fr_typography, space_before_punct=False)

PREAMBULE = (
    """
    Le Réseau des bibliothèques publiques BiblioRivières regroupe neuf bibliothèques municipales de la vallée du Richelieu, qui partagent un catalogue, une carte d’abonné et des services en ligne. La bibliothèque est un lieu où chacun doit pouvoir lire, chercher et apprendre librement : la confidentialité de vos lectures et de vos recherches en est une condition.

    La présente politique explique quels renseignements personnels le Réseau et ses bibliothèques membres recueillent, à quelles fins, combien de temps ils les conservent et comment vous pouvez exercer vos droits. Elle s’applique dans toutes nos bibliothèques, sur notre site Web et dans nos services numériques.
    """,
    """
    The BiblioRivières Public Library Network brings together nine municipal libraries in the Richelieu Valley, which share a catalogue, a library card and online services. The library is a place where everyone must be able to read, search and learn freely: the confidentiality of your reading and your searches is a condition of that.

    This policy explains what personal information the Network and its member libraries collect, for what purposes, how long they keep it and how you can exercise your rights. It applies in all our libraries, on our website and in our digital services.
    """,
)

ENGAGEMENT = (
    """
    ## 1. Nos engagements ##

    Le Réseau est un organisme public au sens de la *Loi sur l’accès aux documents des organismes publics et sur la protection des renseignements personnels*. Il ne recueille que les renseignements nécessaires à ses services et à la gestion des collections.

    Le Réseau prend quatre engagements envers ses abonnés. Nous ne conservons pas l’historique de vos prêts sans votre accord. Nous ne communiquons jamais vos lectures à des tiers. Nous limitons la surveillance dans nos bibliothèques. Nous protégeons les enfants qui fréquentent nos bibliothèques.

    Ces engagements s’appliquent aussi au personnel bénévole et aux fournisseurs qui travaillent pour nous.
    """,
    """
    ## 1. Our Commitments ##

    The Network is a public body within the meaning of the *Act respecting Access to documents held by public bodies and the Protection of personal information*. It collects only the information that is necessary for its services and for the management of its collections.

    The Network makes four commitments to its members. We do not keep your borrowing history without your agreement. We never disclose your reading to third parties. We limit surveillance in our libraries. We protect the children who visit our libraries.

    These commitments also apply to volunteer staff and to the suppliers who work for us.
    """,
)

ABONNEMENT = (
    """
    ## 2. Abonnement

    L’abonnement est gratuit pour les résidents des municipalités membres. Pour vous abonner, vous remplissez le formulaire d’inscription au comptoir de prêt ou en ligne. Les champs marqués d’un * sont obligatoires.

    Nous recueillons :

    - votre nom et votre date de naissance;
    - votre adresse, pour vérifier que vous résidez dans une municipalité membre;
    - votre numéro de téléphone et, si vous le souhaitez, votre adresse de courriel;
    - une preuve de résidence, que nous consultons sans la photocopier :
        - un permis de conduire;
        - un compte de taxes municipales ou de services publics;
        - un bail.

    Pour les enfants de moins de 14 ans (< 14 ans), l’inscription se fait avec un parent ou un tuteur, dont nous recueillons le nom et les coordonnées. Le parent peut consulter le dossier de son enfant jusqu’à ce que celui-ci ait 14 ans.

    Votre carte d’abonné porte un numéro unique. Ne la prêtez pas : vous êtes responsable des documents empruntés avec votre carte.

    ### Communications

    Si vous nous donnez votre adresse de courriel, nous l’utilisons pour les avis de retour, de retard et de réservation. Vous pouvez aussi vous inscrire à l’infolettre « Rivières de lecture », qui présente les nouveautés et les activités. Chaque infolettre contient un lien de désabonnement. Nous n’utilisons pas votre adresse à d’autres fins et nous ne la communiquons à personne.
    """,
    """
    ## 2. Membership

    Membership is free for residents of the member municipalities. To become a member, you fill out the registration form at the loan desk or online. Fields marked with an * are mandatory.

    We collect:

    - your name and date of birth;
    - your address, to check that you live in a member municipality;
    - your telephone number and, if you wish, your email address;
    - a proof of residence, which we look at without photocopying it:
        - a driver’s licence;
        - a municipal tax bill or a utility bill;
        - a lease.

    For children under 14 (< 14 years old), registration is done with a parent or guardian, whose name and contact information we collect. The parent may consult the child’s file until the child turns 14.

    Your library card has a unique number. Do not lend it: you are responsible for the items borrowed with your card.

    ### Communications

    If you give us your email address, we use it for return, overdue and hold notices. You may also subscribe to the “Rivers of Reading” newsletter, which presents new arrivals and activities. Each newsletter contains an unsubscribe link. We do not use your address for other purposes and we do not disclose it to anyone.
    """,
)

PRETS = (
    """
    ## 3. Prêts et réservations

    Pour gérer les prêts, notre système enregistre, pour chaque document emprunté, votre numéro d’abonné, la date du prêt et la date de retour prévue. Dès que le document est rendu et que les frais éventuels sont payés, le lien entre vous et ce document est supprimé.

    ### Historique des prêts {#historique-prets}

    Si vous le demandez, nous conservons la liste des documents que vous avez empruntés, pour que vous puissiez la consulter dans votre dossier en ligne. Vous pouvez activer ou désactiver cet historique en tout temps; lorsque vous le désactivez, la liste est effacée immédiatement.

    ### Réservations

    Lorsque vous réservez un document, votre nom apparaît sur la liste d’attente, que seul le personnel peut consulter. Le document réservé est placé sur l’étagère des réservations, identifié par les quatre derniers chiffres de votre numéro d’abonné et non par votre nom.

    #### Avis de réservation

    Nous vous avisons par courriel, par message texte ou par téléphone, selon votre choix, lorsque le document est prêt. Le message ne mentionne pas le titre du document si vous nous le demandez.

    ### Prêts entre bibliothèques

    Lorsqu’un document n’est offert dans aucune bibliothèque du Réseau, nous pouvons l’emprunter pour vous à une autre bibliothèque du Québec par le service de prêt entre bibliothèques. Nous transmettons alors à la bibliothèque prêteuse votre numéro de demande et le nom de votre bibliothèque, mais pas votre nom : la bibliothèque prêteuse ne sait donc pas qui lit le document. Les demandes de prêt entre bibliothèques sont conservées un an, pour les statistiques et le suivi des documents perdus.

    ### Frais

    Les frais de retard et de remplacement sont inscrits à votre dossier jusqu’à leur paiement. Les paiements par carte sont traités par le terminal de la municipalité; nous ne conservons pas le numéro de votre carte.
    """,
    """
    ## 3. Loans and Holds

    To manage loans, our system records, for each item borrowed, your member number, the loan date and the due date. As soon as the item is returned and any fees are paid, the link between you and that item is deleted.

    ### Borrowing history {#historique-prets}

    If you ask us to, we keep the list of the items you have borrowed, so that you can consult it in your online account. You can turn this history on or off at any time; when you turn it off, the list is erased immediately.

    ### Holds

    When you place a hold on an item, your name appears on the waiting list, which only staff can consult. The item on hold is placed on the holds shelf, identified by the last four digits of your member number and not by your name.

    #### Hold notices

    We notify you by email, text message or telephone, as you choose, when the item is ready. The message does not mention the title of the item if you ask us not to.

    ### Interlibrary loans

    When an item is not available in any Network library, we may borrow it for you from another library in Quebec through the interlibrary loan service. We then send the lending library your request number and the name of your library, but not your name: the lending library therefore does not know who is reading the item. Interlibrary loan requests are kept for one year, for statistics and to follow up on lost items.

    ### Fees

    Late and replacement fees are recorded in your file until they are paid. Card payments are processed by the municipality’s terminal; we do not keep your card number.
    """,
)

POSTES = (
    """
    ## 4. Postes publics et Wi-Fi

    Nos bibliothèques offrent des postes informatiques et un réseau Wi-Fi gratuits. Pour réserver un poste, vous entrez votre numéro d’abonné; les visiteurs peuvent obtenir un code temporaire au comptoir.

    À la fin de chaque séance, le poste efface automatiquement l’historique de navigation, les fichiers téléchargés et les mots de passe enregistrés. Nous ne consultons pas le contenu de vos séances.

    Le réseau Wi-Fi enregistre l’adresse matérielle de votre appareil et l’heure de connexion, afin d’en assurer le bon fonctionnement.
    """,
    """
    ## 4. Public Computers and Wi-Fi

    Our libraries offer free public computers and a free Wi-Fi network. To book a computer, you enter your member number; visitors can obtain a temporary code at the desk.

    At the end of each session, the computer automatically erases the browsing history, downloaded files and saved passwords. We do not look at the content of your sessions.

    The Wi-Fi network records the hardware address of your device and the connection time, in order to keep it working properly.
    """,
)

CATALOGUE = (
    """
    <a id="search"></a>
    ## 5. Catalogue en ligne

    Le catalogue en ligne vous permet de chercher des documents, de les réserver et de gérer votre dossier. Vous pouvez le consulter sans vous connecter; la connexion n’est nécessaire que pour réserver ou renouveler.

    Les recherches effectuées dans le catalogue ne sont pas associées à votre dossier, même lorsque vous êtes connecté. Nous conservons les termes recherchés, sans aucun identifiant, pour améliorer le catalogue et repérer les documents à acquérir.

    Le catalogue utilise un témoin de session, supprimé à la fermeture du navigateur.
    """,
    """
    <a id="search"></a>
    ## 5. Online Catalogue

    The online catalogue lets you search for items, place holds and manage your account. You can consult it without logging in; logging in is necessary only to place a hold or renew.

    Searches made in the catalogue are not linked to your file, even when you are logged in. We keep the search terms, without any identifier, to improve the catalogue and identify items to acquire.

    The catalogue uses a session cookie, deleted when you close your browser.
    """,
)

NUMERIQUES = (
    """
    Services numériques
    -------------------

    Le Réseau donne accès à des livres numériques, à des magazines et à des cours en ligne offerts par des fournisseurs externes. Pour y accéder, vous vous connectez avec votre numéro d’abonné; le fournisseur reçoit seulement la confirmation que vous êtes abonné, ainsi qu’un identifiant anonyme.

    ### Livres numériques <span class="service">BiblioNumérique</span>

    Les prêts de livres numériques sont gérés par la plateforme de notre fournisseur, qui conserve les prêts en cours associés à votre identifiant anonyme. Consultez l’[aide de la plateforme](https://pret-numerique.example/aide) pour les réglages de confidentialité de votre liseuse.

    Chaque fournisseur a sa propre politique de confidentialité, que nous vous invitons à lire. Nous choisissons des fournisseurs qui s’engagent par contrat à ne pas utiliser vos données à des fins publicitaires.
    """,
    """
    Digital Services
    ----------------

    The Network provides access to e-books, magazines and online courses offered by external suppliers. To access them, you log in with your member number; the supplier receives only the confirmation that you are a member, along with an anonymous identifier.

    ### E-books <span class="service">BiblioNumérique</span>

    E-book loans are managed by our supplier’s platform, which keeps current loans linked to your anonymous identifier. See the [platform help](https://pret-numerique.example/aide) for your e-reader’s privacy settings.

    Each supplier has its own privacy policy, which we invite you to read. We choose suppliers that undertake by contract not to use your data for advertising purposes.
    """,
)

CONSERVATION = (
    """
    ## 8. Conservation

    Nous conservons vos renseignements tant que votre abonnement est actif. Un abonnement sans activité pendant trois ans est fermé, et le dossier est détruit un an plus tard, sauf s’il reste des frais impayés.

    | Renseignements | Durée de conservation |
    | --- | --- |
    | Dossier d’abonné | Durée de l’abonnement, plus 1 an |
    | Lien entre un abonné et un prêt | Jusqu’au retour du document |
    | Réservations d’un poste public | 30 jours |
    | Termes recherchés dans le catalogue | 2 ans, sans identifiant |

    L’historique des prêts, s’il est activé, est conservé jusqu’à ce que vous le désactiviez ou que votre dossier soit détruit.
    """,
    """
    ## 8. Retention

    We keep your information for as long as your membership is active. A membership with no activity for three years is closed, and the file is destroyed one year later, unless there are unpaid fees.

    | Information | Retention period |
    | --- | --- |
    | Member file | Length of membership, plus 1 year |
    | Link between a member and a loan | Until the item is returned |
    | Public computer bookings | 30 days |
    | Terms searched in the catalogue | 2 years, with no identifier |

    The borrowing history, if turned on, is kept until you turn it off or your file is destroyed.
    """,
)

DROITS = (
    """
    ## 9. Vos droits

    Vous pouvez demander l’accès aux renseignements que nous détenons à votre sujet, y compris votre [historique des prêts](#historique-prets), et en demander la rectification. Utilisez le [formulaire de demande d’accès](/assets/formulaires/demande-acces.pdf) ou présentez-vous au comptoir de votre bibliothèque avec une pièce d’identité.

    Nous répondons dans un délai de 20 jours, qui peut être prolongé de 10 jours; nous vous aviserons le cas échéant. Si vous êtes insatisfait de notre réponse, vous pouvez demander la révision de la décision à la [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/).
    """,
    """
    ## 9. Your Rights

    You may request access to the information we hold about you, including your [borrowing history](#historique-prets), and request its correction. Use the [access request form](/assets/formulaires/demande-acces.pdf) or come to the desk of your library with identification.

    We respond within 20 days, which may be extended by 10 days; we will let you know if so. If you are not satisfied with our response, you may ask the [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/) to review the decision.
    """,
)

COORDONNEES = (
    """
    ## Pour nous joindre ##

    La personne responsable de l’accès aux documents et de la protection des renseignements personnels est la secrétaire générale du Réseau, Mme Nadia Tremblay-Ouellet.

    Réseau des bibliothèques publiques BiblioRivières<br>
    300, boulevard des Rivières, Beloeil (Québec) J3G 0A1<br>
    Courriel : vie.privee@bibliorivieres.example<br>
    Téléphone : 450-555-0117

    Vous avez une question sur vos recherches dans le catalogue? Consultez d’abord la section sur la [recherche](#search).
    """,
    """
    ## Contact Us ##

    The person in charge of access to documents and the protection of personal information is the Network’s Secretary General, Ms. Nadia Tremblay-Ouellet.

    BiblioRivières Public Library Network<br>
    300 Des Rivières Boulevard, Beloeil, Quebec J3G 0A1<br>
    Email: vie.privee@bibliorivieres.example<br>
    Telephone: 450-555-0117

    Do you have a question about your searches in the catalogue? First see the section on [search](#search).
    """,
)


def initial() -> Policy:
    p = Policy({}, typo)
    for name, (fr, en) in {
        "00-preambule.md": PREAMBULE,
        "01-engagements.md": ENGAGEMENT,
        "02-abonnement.md": ABONNEMENT,
        "03-prets.md": PRETS,
        "04-postes-publics.md": POSTES,
        "05-catalogue.md": CATALOGUE,
        "06-services-numeriques.md": NUMERIQUES,
        "08-conservation.md": CONSERVATION,
        "09-droits.md": DROITS,
        "10-coordonnees.md": COORDONNEES,
    }.items():
        p.add(name, fr, en)
    return p


# --------------------------------------------------------------------------- versions 2-15
def v02(p: Policy) -> None:
    p.sub(
        "02-abonnement.md",
        [
            ("- un bail.", "- un bail;\n    - une lettre d’un établissement d’enseignement, pour les étudiants."),
            ("Ne la prêtez pas : vous êtes responsable", "Ne la prêtez à personne : vous demeurez responsable"),
        ],
        [
            ("- a lease.", "- a lease;\n    - a letter from an educational institution, for students."),
            ("Do not lend it: you are responsible", "Do not lend it to anyone: you remain responsible"),
        ],
    )


def v03(p: Policy) -> None:
    p.sub(
        "06-services-numeriques.md",
        ("(https://pret-numerique.example/aide)", "(https://aide.pret-numerique.example/confidentialite)"),
        ("(https://pret-numerique.example/aide)", "(https://aide.pret-numerique.example/confidentialite)"),
    )


def v04(p: Policy) -> None:
    p.transform(dash_to_star)
    p.transform(trailing_space, ["03-prets.md", "04-postes-publics.md", "09-droits.md"])


WIFI_TABLE = (
    """
    <table>
      <tr><th>Donnée</th><th>Utilisation</th><th>Conservation</th></tr>
      <tr><td>Adresse matérielle de l’appareil</td><td>Attribuer une adresse sur le réseau</td><td>24 heures</td></tr>
      <tr><td>Heure de connexion et de déconnexion</td><td>Mesurer l’achalandage</td><td>30 jours</td></tr>
      <tr><td>Volume de données échangées</td><td>Répartir la bande passante</td><td>30 jours</td></tr>
    </table>
    """,
    """
    <table>
      <tr><th>Data</th><th>Use</th><th>Retention</th></tr>
      <tr><td>Hardware address of the device</td><td>Assign an address on the network</td><td>24 hours</td></tr>
      <tr><td>Connection and disconnection time</td><td>Measure attendance</td><td>30 days</td></tr>
      <tr><td>Volume of data exchanged</td><td>Share the bandwidth</td><td>30 days</td></tr>
    </table>
    """,
)


def _dedent(text: str) -> str:
    return "\n".join(ln[4:] if ln.startswith("    ") else ln for ln in text.strip("\n").splitlines())


def v05(p: Policy) -> None:
    p.sub(
        "04-postes-publics.md",
        (
            "Le réseau Wi-Fi enregistre l’adresse matérielle de votre appareil et l’heure de connexion, afin d’en assurer le bon fonctionnement.",
            "Le réseau Wi-Fi enregistre les données suivantes, afin d’en assurer le bon fonctionnement :\n\n"
            + _dedent(WIFI_TABLE[0]),
        ),
        (
            "The Wi-Fi network records the hardware address of your device and the connection time, in order to keep it working properly.",
            "The Wi-Fi network records the following data, in order to keep it working properly:\n\n"
            + _dedent(WIFI_TABLE[1]),
        ),
    )


def v06(p: Policy) -> None:
    p.sub(
        "04-postes-publics.md",
        [
            (
                "Nous ne consultons pas le contenu de vos séances.",
                "Un logiciel de filtrage bloque l’accès aux sites illicites sur les postes de la section jeunesse. Le personnel peut consulter le nom des sites bloqués, sans les associer à une personne.",
            ),
            ("<td>Mesurer l’achalandage</td><td>30 jours</td>", "<td>Mesurer l’achalandage</td><td>12 mois</td>"),
        ],
        [
            (
                "We do not look at the content of your sessions.",
                "Filtering software blocks access to unlawful sites on the computers in the youth section. Staff may see the names of blocked sites, without linking them to a person.",
            ),
            ("<td>Measure attendance</td><td>30 days</td>", "<td>Measure attendance</td><td>12 months</td>"),
        ],
    )


def v08(p: Policy) -> None:
    p.sub(
        "08-conservation.md",
        [
            ("| Réservations d’un poste public | 30 jours |", "| Réservations d’un poste public | 7 jours |"),
            (
                "| Lien entre un abonné et un prêt | Jusqu’au retour du document |",
                "| Lien entre un abonné et un prêt | Jusqu’au retour du document et au paiement des frais |\n| Avis de réservation envoyés | 90 jours |",
            ),
            ("| Termes recherchés dans le catalogue | 2 ans, sans identifiant |\n", ""),
        ],
        [
            ("| Public computer bookings | 30 days |", "| Public computer bookings | 7 days |"),
            (
                "| Link between a member and a loan | Until the item is returned |",
                "| Link between a member and a loan | Until the item is returned and fees are paid |\n| Hold notices sent | 90 days |",
            ),
            ("| Terms searched in the catalogue | 2 years, with no identifier |\n", ""),
        ],
    )


def v09(p: Policy) -> None:
    p.sub(
        "05-catalogue.md",
        (
            "Le catalogue en ligne vous permet de chercher des documents, de les réserver et de gérer votre dossier. Vous pouvez le consulter",
            "Le catalogue en ligne vous permet :\n\n1. de chercher des documents dans les neuf bibliothèques;\n2. de les réserver;\n3. de gérer votre dossier.\n\nVous pouvez le consulter",
        ),
        (
            "The online catalogue lets you search for items, place holds and manage your account. You can consult it",
            "The online catalogue lets you:\n\n1. search for items in all nine libraries;\n2. place holds;\n3. manage your account.\n\nYou can consult it",
        ),
    )


def v10(p: Policy) -> None:
    p.sub(
        "03-prets.md",
        (
            "### Frais",
            "### Prêts sans contact\n\nPendant la fermeture des salles, vous pouvez commander des documents par téléphone ou en ligne et les récupérer à la porte de la bibliothèque. Nous notons l’heure du rendez-vous et le nom de la personne qui vient chercher les documents, puis nous effaçons ces renseignements après 30 jours.\n\n### Frais",
        ),
        (
            "### Fees",
            "### Contactless loans\n\nWhile the reading rooms are closed, you can order items by telephone or online and pick them up at the library door. We record the time of the appointment and the name of the person who picks up the items, then we erase this information after 30 days.\n\n### Fees",
        ),
    )
    p.sub(
        "02-abonnement.md",
        (
            "* votre numéro de téléphone et, si vous le souhaitez, votre adresse de courriel;",
            "* votre numéro de téléphone et, si vous le souhaitez, votre adresse de courriel;\n* si vous vous abonnez en ligne, une photo de votre preuve de résidence, détruite après vérification;",
        ),
        (
            "* your telephone number and, if you wish, your email address;",
            "* your telephone number and, if you wish, your email address;\n* if you register online, a photo of your proof of residence, destroyed after verification;",
        ),
    )
    p.sub(
        "02-abonnement.md",
        ("que nous consultons sans la photocopier", "que nous consultons au comptoir sans la photocopier"),
        ("which we look at without photocopying it", "which we look at at the desk without photocopying it"),
    )


COMMITMENTS = [
    (
        "01a-historique.md",
        """
        ## Nous ne conservons pas l’historique de vos prêts sans votre accord

        L’historique des prêts est désactivé par défaut. Vous seul pouvez l’activer, dans votre dossier en ligne ou au comptoir, et vous pouvez l’effacer en tout temps.
        """,
        """
        ## We do not keep your borrowing history without your agreement

        The borrowing history is turned off by default. Only you can turn it on, in your online account or at the desk, and you can erase it at any time.
        """,
    ),
    (
        "01b-lectures.md",
        """
        ## Nous ne communiquons jamais vos lectures à des tiers

        Ni vos prêts, ni vos réservations, ni vos recherches ne sont communiqués à qui que ce soit, sauf si un tribunal l’ordonne. Les statistiques de prêt que nous publions ne permettent pas d’identifier un abonné.
        """,
        """
        ## We never disclose your reading to third parties

        Neither your loans, nor your holds, nor your searches are disclosed to anyone, unless a court orders it. The loan statistics we publish cannot be used to identify a member.
        """,
    ),
    (
        "01c-surveillance.md",
        """
        ## Nous limitons la surveillance dans nos bibliothèques

        Seules les entrées et les chutes à livres sont filmées. Les images sont conservées sept jours, puis effacées, sauf si un incident doit être examiné.
        """,
        """
        ## We limit surveillance in our libraries

        Only the entrances and the book drops are filmed. The images are kept for seven days, then erased, unless an incident needs to be examined.
        """,
    ),
    (
        "01d-enfants.md",
        """
        ## Nous protégeons les enfants qui fréquentent nos bibliothèques

        Nous ne recueillons auprès d’un enfant de moins de 14 ans aucun renseignement sans le consentement de son parent ou de son tuteur. Les photos prises pendant les activités jeunesse ne sont publiées qu’avec ce consentement.
        """,
        """
        ## We protect the children who visit our libraries

        We collect no information from a child under 14 without the consent of their parent or guardian. Photos taken during youth activities are published only with that consent.
        """,
    ),
]


def v11(p: Policy) -> None:
    p.sub(
        "01-engagements.md",
        (
            "Le Réseau prend quatre engagements envers ses abonnés. Nous ne conservons pas l’historique de vos prêts sans votre accord. Nous ne communiquons jamais vos lectures à des tiers. Nous limitons la surveillance dans nos bibliothèques. Nous protégeons les enfants qui fréquentent nos bibliothèques.",
            "Le Réseau prend quatre engagements envers ses abonnés, présentés dans les sections qui suivent.",
        ),
        (
            "The Network makes four commitments to its members. We do not keep your borrowing history without your agreement. We never disclose your reading to third parties. We limit surveillance in our libraries. We protect the children who visit our libraries.",
            "The Network makes four commitments to its members, presented in the following sections.",
        ),
    )
    for name, fr, en in COMMITMENTS:
        p.add(name, fr, en)


def v13(p: Policy) -> None:
    p.rename("06-services-numeriques.md", "06-ressources-numeriques.md")
    p.sub(
        "06-ressources-numeriques.md",
        [
            ("Services numériques\n-------------------", "Ressources numériques\n---------------------"),
            (
                "à des magazines et à des cours en ligne",
                "à des magazines, à de la musique en continu et à des cours en ligne",
            ),
        ],
        [
            ("Digital Services\n----------------", "Digital Resources\n-----------------"),
            ("e-books, magazines and online courses", "e-books, magazines, streaming music and online courses"),
        ],
    )


INCIDENTS = (
    """
    ## 10. Incidents de confidentialité

    Si des renseignements personnels sont perdus, consultés ou communiqués sans autorisation, nous prenons sans délai les mesures pour réduire le risque de préjudice. Lorsque le risque de préjudice est sérieux, nous avisons la Commission d’accès à l’information et les personnes concernées. Chaque incident est inscrit dans un registre.
    """,
    """
    ## 10. Confidentiality Incidents

    If personal information is lost, accessed or disclosed without authorization, we promptly take measures to reduce the risk of injury. When the risk of injury is serious, we notify the Commission d’accès à l’information and the persons concerned. Each incident is recorded in a register.
    """,
)


def v14(p: Policy) -> None:
    p.add("09b-incidents.md", *INCIDENTS)
    p.sub(
        "09-droits.md",
        [
            (
                "et en demander la rectification.",
                "en demander la rectification et, dans certains cas, demander que cesse leur diffusion.",
            ),
            ("Nous répondons dans un délai de 20 jours,", "Nous répondons par écrit dans un délai de 20 jours,"),
        ],
        [
            (
                "and request its correction.",
                "request its correction and, in some cases, ask that its dissemination cease.",
            ),
            ("We respond within 20 days,", "We respond in writing within 20 days,"),
        ],
    )
    p.sub(
        "10-coordonnees.md",
        (
            "est la secrétaire générale du Réseau, Mme Nadia Tremblay-Ouellet.",
            "est la secrétaire générale du Réseau, Mme Nadia Tremblay-Ouellet. Le comité sur l’accès à l’information et la protection des renseignements personnels la soutient dans ce rôle.",
        ),
        (
            "is the Network’s Secretary General, Ms. Nadia Tremblay-Ouellet.",
            "is the Network’s Secretary General, Ms. Nadia Tremblay-Ouellet. The committee on access to information and the protection of personal information supports her in this role.",
        ),
    )
    p.sub(
        "02-abonnement.md",
        ("    * un bail;\n", ""),
        ("    * a lease;\n", ""),
    )


def v15(p: Policy) -> None:
    pay_fr = "Les frais de retard et de remplacement sont inscrits à votre dossier jusqu’à leur paiement."
    pay_en = "Late and replacement fees are recorded in your file until they are paid."
    p.sub("03-prets.md", (pay_fr, ""), (pay_en, ""))
    p.sub(
        "08-conservation.md",
        ("sauf s’il reste des frais impayés.", "sauf s’il reste des frais impayés. " + pay_fr),
        ("unless there are unpaid fees.", "unless there are unpaid fees. " + pay_en),
    )
    cookie_fr = "Le catalogue utilise un témoin de session, supprimé à la fermeture du navigateur."
    cookie_en = "The catalogue uses a session cookie, deleted when you close your browser."
    p.sub("05-catalogue.md", ("\n\n" + cookie_fr, ""), ("\n\n" + cookie_en, ""))
    p.sub(
        "06-ressources-numeriques.md",
        (
            "### Livres numériques",
            cookie_fr.replace("Le catalogue", "Comme le catalogue, la page de connexion aux ressources")
            + "\n\n### Livres numériques",
        ),
        (
            "### E-books",
            cookie_en.replace("The catalogue uses", "Like the catalogue, the resources login page uses")
            + "\n\n### E-books",
        ),
    )


# --------------------------------------------------------------------------- version 16: the rewrite
REWRITE = {
    "00-preambule.md": (
        """
        Politique de confidentialité
        ============================

        Depuis le 1er septembre 2023, les bibliothèques du Réseau BiblioRivières partagent leurs services avec celles de la Montérégie-Est. Nous en profitons pour réécrire notre politique de confidentialité en langage simple. Elle décrit ce que nous savons de vous, pourquoi, et ce que vous pouvez faire.
        """,
        """
        Privacy Policy
        ==============

        Since September 1, 2023, the BiblioRivières Network libraries have shared their services with those of Eastern Montérégie. We are taking the opportunity to rewrite our privacy policy in plain language. It describes what we know about you, why, and what you can do.
        """,
    ),
    "01-principes.md": (
        """
        ## Nos principes ##

        Lire et chercher librement suppose que personne ne sache ce que vous lisez. Nous recueillons donc le moins possible, nous effaçons tôt et nous ne partageons rien sans raison légale. Ces principes valent pour le personnel, les bénévoles et nos fournisseurs.
        """,
        """
        ## Our Principles ##

        Reading and searching freely means that no one knows what you read. So we collect as little as possible, we erase early and we share nothing without a legal reason. These principles apply to staff, volunteers and our suppliers.
        """,
    ),
    "02-votre-dossier.md": (
        """
        ## Votre dossier d’abonné

        Votre dossier contient votre nom, votre date de naissance, votre adresse, votre numéro de téléphone et, si vous le voulez, votre courriel. Nous vérifions votre adresse avec une preuve de résidence que nous ne copions pas.

        Pour un enfant de moins de 14 ans, le dossier contient aussi le nom et les coordonnées du parent ou du tuteur.

        Le dossier ne contient jamais la liste de vos lectures, sauf si vous activez l’[historique des prêts](#historique-prets).
        """,
        """
        ## Your Member File

        Your file contains your name, date of birth, address, telephone number and, if you want, your email. We check your address with a proof of residence that we do not copy.

        For a child under 14, the file also contains the name and contact information of the parent or guardian.

        The file never contains the list of what you read, unless you turn on the [borrowing history](#historique-prets).
        """,
    ),
    "03-prets.md": (
        """
        ## Vos prêts

        Le lien entre vous et un document emprunté disparaît dès que vous le rendez et que les frais sont payés.

        ### Historique des prêts {#historique-prets}

        Désactivé par défaut. Si vous l’activez, vous seul le voyez, et vous pouvez l’effacer en tout temps.

        ### Réservations

        Les documents réservés sont identifiés par un code, jamais par votre nom. Les avis de réservation ne mentionnent pas le titre si vous le demandez.
        """,
        """
        ## Your Loans

        The link between you and a borrowed item disappears as soon as you return it and the fees are paid.

        ### Borrowing history {#historique-prets}

        Turned off by default. If you turn it on, only you can see it, and you can erase it at any time.

        ### Holds

        Items on hold are identified by a code, never by your name. Hold notices do not mention the title if you ask us not to.
        """,
    ),
    "04-sur-place.md": (
        """
        ## À la bibliothèque

        Les postes publics s’effacent à la fin de chaque séance. Le Wi-Fi note l’adresse matérielle de votre appareil :

        <table>
          <tr><th>Donnée</th><th>Conservation</th></tr>
          <tr><td>Adresse matérielle</td><td>24 heures</td></tr>
          <tr><td>Heures de connexion</td><td>30 jours</td></tr>
        </table>

        Seules les entrées et les chutes à livres sont filmées.
        """,
        """
        ## At the Library

        Public computers erase themselves at the end of each session. The Wi-Fi records the hardware address of your device:

        <table>
          <tr><th>Data</th><th>Retention</th></tr>
          <tr><td>Hardware address</td><td>24 hours</td></tr>
          <tr><td>Connection times</td><td>30 days</td></tr>
        </table>

        Only the entrances and the book drops are filmed.
        """,
    ),
    "05-catalogue.md": (
        """
        <a id="search"></a>
        ## Catalogue et recherche

        Vos recherches ne sont jamais liées à votre dossier. Nous gardons les mots recherchés, sans identifiant, pour améliorer le catalogue.

        Pour savoir comment vos lectures numériques sont traitées, voyez la section sur les [ressources numériques](#ressources-en-ligne).
        """,
        """
        <a id="search"></a>
        ## Catalogue and Search

        Your searches are never linked to your file. We keep the words searched, without any identifier, to improve the catalogue.

        To learn how your digital reading is handled, see the section on [digital resources](#ressources-en-ligne).
        """,
    ),
    "06-ressources-numeriques.md": (
        """
        ## Ressources numériques {: #ressources-en-ligne }

        Nos fournisseurs de livres numériques, de magazines et de cours reçoivent seulement la preuve que vous êtes abonné et un identifiant anonyme. Ils s’engagent par contrat à ne faire aucune publicité ciblée.

        ### <span class="service">BiblioNumérique</span> et la musique en continu

        Ces deux services gardent vos prêts en cours. Consultez leur [page d’aide](https://aide.pret-numerique.example/confidentialite).
        """,
        """
        ## Digital Resources {: #ressources-en-ligne }

        Our suppliers of e-books, magazines and courses receive only proof that you are a member and an anonymous identifier. They undertake by contract not to do any targeted advertising.

        ### <span class="service">BiblioNumérique</span> and streaming music

        These two services keep your current loans. See their [help page](https://aide.pret-numerique.example/confidentialite).
        """,
    ),
    "07-courriels.md": (
        """
        ## Courriels et infolettre

        Nous utilisons votre courriel pour :

        - les avis de retour, de retard et de réservation;
        - l’infolettre « Rivières de lecture », si vous y êtes abonné.

        Chaque infolettre contient un lien de désabonnement.
        """,
        """
        ## Emails and Newsletter

        We use your email for:

        - return, overdue and hold notices;
        - the “Rivers of Reading” newsletter, if you subscribe to it.

        Each newsletter contains an unsubscribe link.
        """,
    ),
    "08-conservation.md": (
        """
        ## Combien de temps

        | Renseignements | Durée |
        | --- | --- |
        | Dossier d’abonné | Abonnement, plus 1 an |
        | Lien abonné-prêt | Jusqu’au retour et au paiement |
        | Réservations de postes | 7 jours |
        | Images des caméras | 7 jours |
        """,
        """
        ## How Long

        | Information | Period |
        | --- | --- |
        | Member file | Membership, plus 1 year |
        | Member-loan link | Until return and payment |
        | Computer bookings | 7 days |
        | Camera images | 7 days |
        """,
    ),
    "09-droits.md": (
        """
        ## Vos droits ##

        Vous pouvez consulter votre dossier, le faire corriger et demander que cesse la diffusion de vos renseignements. Remplissez le [formulaire](/assets/formulaires/demande-acces.pdf) ou venez au comptoir. Nous répondons en 20 jours. En cas de désaccord, adressez-vous à la [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/).

        En cas d’incident de confidentialité, nous limitons les risques, nous tenons un registre et, si le risque est sérieux, nous avisons la Commission et les personnes touchées.
        """,
        """
        ## Your Rights ##

        You can consult your file, have it corrected and ask that the dissemination of your information cease. Fill out the [form](/assets/formulaires/demande-acces.pdf) or come to the desk. We respond within 20 days. If you disagree, contact the [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/).

        In the event of a confidentiality incident, we limit the risks, keep a register and, if the risk is serious, notify the Commission and the persons affected.
        """,
    ),
    "10-coordonnees.md": (
        """
        ## Pour nous joindre ##

        Nadia Tremblay-Ouellet, secrétaire générale<br>
        300, boulevard des Rivières, Beloeil (Québec) J3G 0A1<br>
        Courriel : vie.privee@bibliorivieres.example

        Une question sur la [recherche](#search) ou sur l’[historique des prêts](#historique-prets)? Écrivez-nous.
        """,
        """
        ## Contact Us ##

        Nadia Tremblay-Ouellet, Secretary General<br>
        300 Des Rivières Boulevard, Beloeil, Quebec J3G 0A1<br>
        Email: vie.privee@bibliorivieres.example

        A question about [search](#search) or the [borrowing history](#historique-prets)? Write to us.
        """,
    ),
}


def v16(p: Policy) -> None:
    for name in list(p.files):
        p.drop(name)
    for name, (fr, en) in REWRITE.items():
        p.add(name, fr, en)


# --------------------------------------------------------------------------- versions 17-23
def v17(p: Policy) -> None:
    p.sub(
        "07-courriels.md",
        (
            "Nous utilisons votre courriel pour :\n\n- les avis de retour, de retard et de réservation;\n- l’infolettre « Rivières de lecture », si vous y êtes abonné.",
            "Nous utilisons votre courriel pour les avis de retour, de retard et de réservation, et pour l’infolettre « Rivières de lecture » si vous y êtes abonné.",
        ),
        (
            "We use your email for:\n\n- return, overdue and hold notices;\n- the “Rivers of Reading” newsletter, if you subscribe to it.",
            "We use your email for return, overdue and hold notices, and for the “Rivers of Reading” newsletter if you subscribe to it.",
        ),
    )


def v18(p: Policy) -> None:
    p.sub(
        "04-sur-place.md",
        [
            (
                "<tr><td>Heures de connexion</td><td>30 jours</td></tr>",
                "<tr><td>Heures de connexion</td><td>14 jours</td></tr>\n  <tr><td>Réservation d’une salle d’étude</td><td>30 jours</td></tr>",
            ),
            ("<tr><td>Adresse matérielle</td><td>24 heures</td></tr>\n", ""),
        ],
        [
            (
                "<tr><td>Connection times</td><td>30 days</td></tr>",
                "<tr><td>Connection times</td><td>14 days</td></tr>\n  <tr><td>Study room booking</td><td>30 days</td></tr>",
            ),
            ("<tr><td>Hardware address</td><td>24 hours</td></tr>\n", ""),
        ],
    )
    p.sub(
        "04-sur-place.md",
        (
            "Le Wi-Fi note l’adresse matérielle de votre appareil :",
            "Le Wi-Fi et les salles d’étude conservent quelques renseignements :",
        ),
        (
            "The Wi-Fi records the hardware address of your device:",
            "The Wi-Fi and the study rooms keep some information:",
        ),
    )


def v19(p: Policy) -> None:
    p.sub(
        "09-droits.md",
        [
            ("(/assets/formulaires/demande-acces.pdf)", "(/assets/formulaires/demande-acces-2025.pdf)"),
            ("(https://www.cai.gouv.qc.ca/)", "(https://www.cai.gouv.qc.ca/citoyens/)"),
        ],
        [
            ("(/assets/formulaires/demande-acces.pdf)", "(/assets/formulaires/demande-acces-2025.pdf)"),
            ("(https://www.cai.gouv.qc.ca/)", "(https://www.cai.gouv.qc.ca/citoyens/)"),
        ],
    )


def v20(p: Policy) -> None:
    p.drop("01-principes.md")
    p.rename("09-droits.md", "01-droits.md")
    p.sub(
        "00-preambule.md",
        (
            "Elle décrit ce que nous savons de vous, pourquoi, et ce que vous pouvez faire.",
            "Elle décrit ce que nous savons de vous, pourquoi, et ce que vous pouvez faire. Nous recueillons le moins possible et nous effaçons tôt.",
        ),
        (
            "It describes what we know about you, why, and what you can do.",
            "It describes what we know about you, why, and what you can do. We collect as little as possible and we erase early.",
        ),
    )


def v21(p: Policy) -> None:
    p.sub(
        "07-courriels.md",
        (
            "et pour l’infolettre « Rivières de lecture » si vous y êtes abonné.",
            "et pour l’infolettre « Rivières de lecture » si vous y êtes abonné. Les parents inscrits au programme *Lire & Grandir* reçoivent aussi :\n\n- des suggestions de lecture selon l’âge de l’enfant :\n    - de 0 à 5 ans;\n    - de 6 à 13 ans;\n- les invitations à l’heure du conte.",
        ),
        (
            "and for the “Rivers of Reading” newsletter if you subscribe to it.",
            "and for the “Rivers of Reading” newsletter if you subscribe to it. Parents registered in the *Read & Grow* program also receive:\n\n- reading suggestions based on the child’s age:\n    - from 0 to 5;\n    - from 6 to 13;\n- invitations to story time.",
        ),
    )
    p.sub(
        "02-votre-dossier.md",
        (
            "Pour un enfant de moins de 14 ans, le dossier contient aussi",
            "Pour un enfant de moins de 14 ans (< 14), le dossier contient aussi",
        ),
        (
            "For a child under 14, the file also contains",
            "For a child under 14 (< 14), the file also contains",
        ),
    )
    p.sub(
        "05-catalogue.md",
        (
            "Nous gardons les mots recherchés, sans identifiant,",
            "Nous gardons les mots recherchés pendant deux ans, **sans identifiant**,",
        ),
        (
            "We keep the words searched, without any identifier,",
            "We keep the words searched for two years, **without any identifier**,",
        ),
    )


def v22(p: Policy) -> None:
    p.transform(rewrap(70))


def v23(p: Policy) -> None:
    p.sub(
        "08-conservation.md",
        ("| Images des caméras | 7 jours |", "| Images des caméras | 7 jours |\n| Inscriptions aux activités | 1 an |"),
        ("| Camera images | 7 days |", "| Camera images | 7 days |\n| Activity registrations | 1 year |"),
    )
    p.sub(
        "03-prets.md",
        (
            "ne mentionnent pas le titre si vous le demandez.",
            'ne mentionnent pas le titre si vous le demandez. Les casiers de cueillette libre-service s’ouvrent avec le code du document réservé.\n{: datetime="2026-11-25" }',
        ),
        (
            "do not mention the title if you ask us not to.",
            'do not mention the title if you ask us not to. The self-service pickup lockers open with the code of the item on hold.\n{: datetime="2026-11-25" }',
        ),
    )


VERSIONS = [
    Version(
        "2016-01-18",
        "Première version de la politique de confidentialité du Réseau.",
        "First version of the Network’s privacy policy.",
        significant=True,
        covers=[
            "preamble-no-heading",
            "atx-closing",
            "setext",
            "subheadings",
            "attr-subheading",
            "anchor-line",
            "inpage-links",
            "html-heading",
            "links",
            "lists",
            "inline",
            "fr-typography",
        ],
    ),
    Version(
        "2016-08-22",
        "Preuve de résidence des étudiants ; responsabilité à l’égard de la carte précisée.",
        "Proof of residence for students; responsibility for the card clarified.",
        v02,
        covers=["list-items", "lists", "reword"],
    ),
    Version(
        "2017-03-13",
        "Nouvelle adresse de l’aide de la plateforme de livres numériques ; aucun changement au texte.",
        "New address of the e-book platform help; no change to the text.",
        v03,
        covers=["link-target-only", "links"],
    ),
    Version(
        "2017-09-05",
        "Mise en forme des fichiers sources seulement ; le texte publié est identique.",
        "Source formatting only; the published text is identical.",
        v04,
        covers=["list-markers", "trailing-spaces", "no-render-change"],
    ),
    Version(
        "2018-02-26",
        "Les données enregistrées par le réseau Wi-Fi sont présentées dans un tableau.",
        "The data recorded by the Wi-Fi network is presented in a table.",
        v05,
        covers=["html-table", "table-added-removed"],
    ),
    Version(
        "2018-08-20",
        "Filtrage sur les postes de la section jeunesse ; conservation des heures de connexion prolongée.",
        "Filtering on the youth section computers; connection times kept longer.",
        v06,
        significant=True,
        reduces_rights=True,
        covers=["reword", "html-table"],
    ),
    Version(
        "2019-01-14",
        "Retour au texte précédent de la section sur les postes publics : le filtrage est abandonné.",
        "Return to the previous text of the section on public computers: filtering is abandoned.",
        lambda p: p.restore("04-postes-publics.md", 2),
        significant=True,
        covers=["revert"],
    ),
    Version(
        "2019-03-11",
        "Durées de conservation revues ; les termes recherchés ne figurent plus au tableau.",
        "Retention periods revised; search terms no longer appear in the table.",
        v08,
        covers=["md-table"],
    ),
    Version(
        "2019-10-07",
        "Les fonctions du catalogue en ligne sont présentées sous forme de liste.",
        "The features of the online catalogue are presented as a list.",
        v09,
        covers=["list-paragraph", "lists"],
    ),
    Version(
        "2020-05-19",
        "Prêts sans contact pendant la fermeture des salles ; abonnement en ligne.",
        "Contactless loans while the reading rooms are closed; online registration.",
        v10,
        published="2020-05-15",
        significant=True,
        covers=["reword", "list-items", "subheadings"],
    ),
    Version(
        "2020-12-07",
        "Nos quatre engagements sont maintenant expliqués chacun dans sa propre section.",
        "Our four commitments are now each explained in their own section.",
        v11,
        covers=["sentences-to-sections", "sections-added-removed"],
    ),
    Version(
        "2021-05-31",
        "Conversion technique des fichiers ; le texte publié est identique.",
        "Technical conversion of the files; the published text is identical.",
        lambda p: None,
        crlf=True,
        covers=["crlf", "no-render-change"],
    ),
    Version(
        "2021-11-15",
        "« Services numériques » devient « Ressources numériques » ; musique en continu ajoutée.",
        "“Digital Services” becomes “Digital Resources”; streaming music added.",
        v13,
        covers=["retitle-rename", "setext"],
    ),
    Version(
        "2022-09-22",
        "Loi 25 : section sur les incidents de confidentialité, droit de demander que cesse la diffusion, comité sur l’accès à l’information.",
        "Law 25: section on confidentiality incidents, right to ask that dissemination cease, committee on access to information.",
        v14,
        significant=True,
        covers=["sections-added-removed", "reword", "list-items"],
    ),
    Version(
        "2023-04-03",
        "Réorganisation : les frais sont décrits avec la conservation, et le témoin de session avec les ressources numériques.",
        "Reorganization: fees are described with retention, and the session cookie with the digital resources.",
        v15,
        covers=["paragraph-moved"],
    ),
    Version(
        "2023-09-22",
        "Politique entièrement réécrite en langage simple, à l’occasion du regroupement avec les bibliothèques de la Montérégie-Est.",
        "Policy entirely rewritten in plain language, on the occasion of the grouping with the Eastern Montérégie libraries.",
        v16,
        published="2023-09-01",
        significant=True,
        covers=[
            "rewrite",
            "setext",
            "atx-closing",
            "anchor-line",
            "inpage-links",
            "attr-heading",
            "attr-subheading",
            "html-heading",
            "html-table",
            "md-table",
            "sections-added-removed",
        ],
    ),
    Version(
        "2024-01-29",
        "La liste des usages de votre courriel devient un paragraphe.",
        "The list of uses of your email becomes a paragraph.",
        v17,
        covers=["list-paragraph"],
    ),
    Version(
        "2024-07-08",
        "Salles d’étude ajoutées ; l’adresse matérielle des appareils n’est plus conservée ; heures de connexion conservées 14 jours.",
        "Study rooms added; device hardware addresses are no longer kept; connection times kept for 14 days.",
        v18,
        covers=["html-table", "reword"],
    ),
    Version(
        "2025-01-13",
        "Nouvelles adresses du formulaire de demande et de la Commission ; aucun changement au texte.",
        "New addresses of the request form and of the Commission; no change to the text.",
        v19,
        covers=["link-target-only"],
    ),
    Version(
        "2025-05-26",
        "La section sur vos droits est déplacée au début ; nos principes sont résumés dans l’introduction.",
        "The section on your rights is moved to the beginning; our principles are summarized in the introduction.",
        v20,
        covers=["section-moved", "sections-added-removed"],
    ),
    Version(
        "2025-10-20",
        "Programme Lire & Grandir ; durée de conservation des recherches précisée.",
        "Read & Grow program; retention period of searches specified.",
        v21,
        covers=["inline", "lists", "reword", "fr-typography"],
    ),
    Version(
        "2026-03-16",
        "Mise en forme des fichiers sources seulement ; le texte publié est identique.",
        "Source formatting only; the published text is identical.",
        v22,
        covers=["rewrap", "no-render-change"],
    ),
    Version(
        "2027-02-01",
        "Casiers de cueillette libre-service ; conservation des inscriptions aux activités.",
        "Self-service pickup lockers; retention of activity registrations.",
        v23,
        published="2026-11-25",
        significant=True,
        covers=["upcoming", "md-table", "attr-paragraph", "reword"],
    ),
]
