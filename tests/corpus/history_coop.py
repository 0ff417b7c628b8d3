"""History `coop-panier`: a Quebec consumer co-op's grocery app (fictitious), 2016-2027.

ATX headings (some with closing hashes), a heading-less preamble, French typography with
non-breaking spaces, Markdown and HTML tables, a section moved, a revert, CRLF line endings.
"""

from __future__ import annotations

from functools import partial

from make_corpus import Policy, Version, dash_to_star, fr_typography, rewrap

NAME = "coop-panier"
DESCRIPTION = "Coopérative Panier Boréal, a consumer co-op's grocery app in Sherbrooke"
SITE = {
    "site_name": "Panier Boréal — Politique de confidentialité",
    "org_name": "Coopérative de consommateurs Panier Boréal",
    "palette": "green",
    "address": "1250, rue King Ouest, Sherbrooke (Québec) J1H 1R9",
    "phone": "819-555-0142",
    "email": "vieprivee@panierboreal.example",
    "website": "https://panierboreal.example/",
    "officer": "Mélanie Gagnon-Roy",
    "officer_title_fr": "Responsable de la protection des renseignements personnels",
    "officer_title_en": "Person in charge of the protection of personal information",
    "officer_email": "vieprivee@panierboreal.example",
}

typo = partial(fr_typography, space_before_punct=True)

PREAMBULE = (
    """
    Panier Boréal est une coopérative de consommateurs qui exploite trois épiceries en Estrie ainsi que l’application mobile « Panier Boréal », grâce à laquelle nos membres commandent leur épicerie en ligne et la récupèrent en magasin. La présente politique explique comment la Coopérative de consommateurs Panier Boréal (la « Coopérative » ou « nous ») recueille, utilise, communique et conserve vos renseignements personnels lorsque vous visitez notre site Web, utilisez notre application ou faites vos achats dans nos magasins.

    En devenant membre ou en utilisant nos services, vous reconnaissez avoir pris connaissance de la présente politique. Nous traitons vos renseignements personnels conformément à la *Loi sur la protection des renseignements personnels dans le secteur privé* et aux autres lois applicables au Québec.
    """,
    """
    Panier Boréal is a consumer co-operative that operates three grocery stores in the Eastern Townships as well as the “Panier Boréal” mobile app, which our members use to order their groceries online and pick them up in store. This policy explains how the Panier Boréal Consumer Co-operative (the “Co-op” or “we”) collects, uses, discloses and retains your personal information when you visit our website, use our app or shop in our stores.

    By becoming a member or using our services, you acknowledge that you have read this policy. We process your personal information in accordance with the *Act respecting the protection of personal information in the private sector* and the other laws that apply in Quebec.
    """,
)

CHAMP = (
    """
    ## 1. Champ d’application ##

    La présente politique s’applique aux renseignements personnels que nous recueillons auprès :

    - de nos membres et des personnes inscrites à leur dossier de membre ;
    - des clients qui font leurs achats en magasin sans être membres ;
    - des utilisateurs de notre site Web et de l’application mobile ;
    - des personnes qui participent à nos dégustations et à nos activités communautaires ;
    - des personnes qui posent leur candidature au conseil d’administration.

    Elle ne s’applique pas aux renseignements de nos employés, qui font l’objet d’une politique distincte, ni aux sites de tiers vers lesquels nos pages peuvent renvoyer. L’utilisation de nos services est aussi régie par nos [conditions d’utilisation](/conditions).
    """,
    """
    ## 1. Scope ##

    This policy applies to the personal information we collect from:

    - our members and the persons listed in their membership file;
    - customers who shop in store without being members;
    - users of our website and of the mobile app;
    - people who take part in our tastings and community activities;
    - people who apply for a seat on the board of directors.

    It does not apply to information about our employees, which is covered by a separate policy, or to third-party sites to which our pages may link. The use of our services is also governed by our [terms of use](/conditions).
    """,
)

RENSEIGNEMENTS = (
    """
    ## 2. Renseignements que nous recueillons

    Nous recueillons seulement les renseignements personnels nécessaires aux fins décrites dans la présente politique. Selon les services que vous utilisez, il peut s’agir des renseignements suivants.

    ### Renseignements que vous nous fournissez

    Lorsque vous devenez membre, nous recueillons votre nom, votre adresse postale, votre adresse de courriel, votre numéro de téléphone et la date de votre adhésion. Si vous créez un compte dans l’application, nous recueillons aussi un mot de passe, que nous conservons sous forme chiffrée et que nos employés ne peuvent pas lire. Lorsque vous passez une commande en ligne, nous recueillons le contenu de votre panier, le magasin où vous souhaitez récupérer votre commande, la plage horaire choisie et, le cas échéant, vos instructions particulières (par exemple, une substitution acceptée ou refusée).

    Les paiements en ligne sont traités par notre fournisseur de services de paiement. Nous ne recevons ni ne conservons le numéro complet de votre carte de crédit : nous ne recevons que les quatre derniers chiffres, la date d’expiration et une confirmation de l’autorisation.

    ### Données d’utilisation

    Lorsque vous utilisez notre site Web ou l’application, nous recueillons automatiquement certaines données techniques : l’adresse IP de votre appareil, le type et la version de votre navigateur ou de votre système d’exploitation, les pages consultées, la date et l’heure de vos visites et les erreurs rencontrées. Ces données nous servent à faire fonctionner nos services, à en mesurer l’utilisation et à corriger les problèmes.

    #### Données de localisation

    L’application peut utiliser la position approximative de votre appareil pour vous proposer le magasin le plus proche. Cette fonction est désactivée par défaut, et nous ne conservons pas l’historique de vos positions.

    ### Renseignements provenant de nos magasins

    Lorsque vous présentez votre carte de membre à la caisse, nous associons vos achats à votre dossier afin de calculer votre ristourne annuelle. Nos magasins sont équipés de caméras de surveillance aux entrées et aux caisses ; les images sont utilisées uniquement pour la sécurité des personnes et la prévention des pertes.
    """,
    """
    ## 2. Information We Collect

    We collect only the personal information that is necessary for the purposes described in this policy. Depending on the services you use, this may include the following information.

    ### Information you provide to us

    When you become a member, we collect your name, mailing address, email address, telephone number and the date you joined. If you create an account in the app, we also collect a password, which we store in encrypted form and which our employees cannot read. When you place an order online, we collect the contents of your cart, the store where you wish to pick up your order, the time slot you chose and, where applicable, your special instructions (for example, a substitution accepted or refused).

    Online payments are processed by our payment service provider. We neither receive nor keep your full credit card number: we receive only the last four digits, the expiry date and a confirmation of the authorization.

    ### Usage information

    When you use our website or the app, we automatically collect certain technical data: the IP address of your device, the type and version of your browser or operating system, the pages viewed, the date and time of your visits and the errors encountered. We use this data to operate our services, measure their use and fix problems.

    #### Location data

    The app may use the approximate location of your device to suggest the nearest store. This feature is turned off by default, and we do not keep a history of your locations.

    ### Information from our stores

    When you present your membership card at the checkout, we link your purchases to your file in order to calculate your annual patronage dividend. Our stores have surveillance cameras at the entrances and checkouts; the images are used only for the safety of people and loss prevention.
    """,
)

UTILISATION = (
    """
    ## 3. Utilisation des renseignements

    Nous utilisons vos renseignements personnels pour les fins suivantes :

    1. gérer votre adhésion à la Coopérative, y compris votre part sociale et vos droits de vote en assemblée ;
    2. préparer vos commandes en ligne et vous aviser lorsqu’elles sont prêtes ;
    3. calculer et verser votre ristourne annuelle ;
    4. répondre à vos questions et traiter vos plaintes ;
    5. améliorer nos services, à partir des [données d’utilisation](#donnees-dutilisation) décrites à la section 2.

    Nous n’utilisons pas vos renseignements à d’autres fins sans votre consentement, sauf si la loi le permet ou l’exige. Nous ne vendons pas vos renseignements personnels et nous ne les louons pas.
    """,
    """
    ## 3. Use of Information

    We use your personal information for the following purposes:

    1. to manage your membership in the Co-op, including your member share and your voting rights at meetings;
    2. to prepare your online orders and notify you when they are ready;
    3. to calculate and pay your annual patronage dividend;
    4. to answer your questions and handle your complaints;
    5. to improve our services, based on the [usage information](#usage-information) described in section 2.

    We do not use your information for other purposes without your consent, unless the law permits or requires it. We do not sell or rent your personal information.
    """,
)

TEMOINS = (
    """
    ## 4. Témoins

    Notre site Web et l’application utilisent des témoins (« cookies »), c’est-à-dire de petits fichiers enregistrés sur votre appareil. Les témoins essentiels conservent le contenu de votre panier et maintiennent votre session ouverte ; sans eux, la commande en ligne ne fonctionne pas. Les témoins de mesure d’audience nous indiquent quelles pages sont consultées et combien de temps, de façon agrégée.

    Vous pouvez configurer votre navigateur pour refuser les témoins de mesure d’audience sans que cela nuise à vos commandes. Pour en savoir plus sur la durée de conservation des données recueillies par les témoins, consultez les [durées de conservation](#durees-conservation).
    """,
    """
    ## 4. Cookies

    Our website and the app use cookies, that is, small files stored on your device. Essential cookies keep the contents of your cart and keep your session open; without them, online ordering does not work. Audience measurement cookies tell us which pages are viewed and for how long, in aggregate form.

    You can set your browser to refuse audience measurement cookies without affecting your orders. To learn how long the data collected by cookies is kept, see the [retention periods](#durees-conservation).
    """,
)

COMMUNICATION = (
    """
    ## 5. Communication à des tiers

    Nous ne communiquons vos renseignements personnels qu’aux tiers qui en ont besoin pour nous fournir des services, et seulement dans la mesure nécessaire. Ces tiers sont liés par contrat et doivent protéger vos renseignements au moins autant que nous le faisons. Il s’agit notamment :

    - de notre fournisseur de services de paiement ;
    - de l’entreprise qui héberge notre site Web et l’application ;
    - de l’imprimeur qui prépare l’envoi postal de l’avis d’assemblée générale ;
    - de la fédération des coopératives d’alimentation, pour les statistiques agrégées du réseau.

    Nous pouvons aussi communiquer des renseignements personnels lorsque la loi l’exige, par exemple en réponse à une ordonnance d’un tribunal.
    """,
    """
    ## 5. Disclosure to Third Parties

    We disclose your personal information only to third parties that need it to provide services to us, and only to the extent necessary. These third parties are bound by contract and must protect your information at least as well as we do. They include:

    - our payment service provider;
    - the company that hosts our website and the app;
    - the printer that prepares the mailing of the notice of the general meeting;
    - the federation of food co-operatives, for aggregated network statistics.

    We may also disclose personal information when the law requires it, for example in response to a court order.
    """,
)

MEMBRES = (
    """
    ## 6. Programme de membres et promotions

    Les membres profitent de prix réservés. Dans nos circulaires et dans l’application, les prix marqués d’un astérisque (\\*) sont offerts aux membres seulement, sur présentation de la carte de membre ou connexion à leur compte.

    Pour vous offrir des promotions pertinentes, nous pouvons tenir compte de vos achats des douze derniers mois. Par exemple, si vous achetez souvent du pain de la Boulangerie Fortin & Fils, nous pouvons vous signaler une promotion sur ses produits. Vous pouvez refuser les promotions personnalisées en tout temps dans les paramètres de votre compte ; vous continuerez alors de recevoir les promotions générales.

    Les codes promotionnels, comme `PANIER10`, sont personnels et ne peuvent être utilisés qu’une fois. Les frais de livraison ne s’appliquent pas aux petites commandes des membres (< 35 $) passées le mardi.
    """,
    """
    ## 6. Membership Program and Promotions

    Members enjoy reserved prices. In our flyers and in the app, prices marked with an asterisk (\\*) are available to members only, upon presentation of the membership card or when logged in to their account.

    To offer you relevant promotions, we may take into account your purchases over the last twelve months. For example, if you often buy bread from Boulangerie Fortin & Fils, we may point out a promotion on its products. You can refuse personalized promotions at any time in your account settings; you will then continue to receive general promotions.

    Promotional codes, such as `PANIER10`, are personal and can be used only once. Delivery fees do not apply to members’ small orders (< $35) placed on Tuesdays.
    """,
)

CONCOURS = (
    """
    ## 7. Concours

    Lorsque vous participez à un concours, nous recueillons votre nom, votre numéro de téléphone et votre adresse de courriel afin de communiquer avec vous si vous gagnez. Nous n’utilisons pas ces renseignements à d’autres fins, à moins que vous ne cochiez la case prévue pour recevoir notre infolettre.

    Le nom et la ville des gagnants peuvent être publiés sur notre site Web et dans nos magasins, avec leur accord. Les règlements de chaque concours précisent la date du tirage et la façon dont les bulletins sont détruits.
    """,
    """
    ## 7. Contests

    When you enter a contest, we collect your name, telephone number and email address so that we can contact you if you win. We do not use this information for any other purpose unless you check the box to receive our newsletter.

    The names and towns of winners may be published on our website and in our stores, with their agreement. The rules of each contest specify the date of the draw and how entry forms are destroyed.
    """,
)

CONSERVATION = (
    """
    ## 8. Conservation

    Nous conservons vos renseignements personnels aussi longtemps que nécessaire aux fins pour lesquelles ils ont été recueillis, puis nous les détruisons de façon sécuritaire ou les rendons anonymes.

    ### Durées de conservation {#durees-conservation}

    | Renseignements | Durée de conservation |
    | --- | --- |
    | Dossier de membre | Durée de l’adhésion, plus 7 ans |
    | Commandes en ligne | 2 ans après la commande |
    | Bulletins de participation aux concours | 6 mois après le tirage |
    | Images des caméras de surveillance | 30 jours, sauf incident |
    | Données d’utilisation | 13 mois |

    Lorsque la loi nous oblige à conserver un renseignement plus longtemps, par exemple pour nos obligations fiscales, nous le conservons pendant la durée exigée.
    """,
    """
    ## 8. Retention

    We keep your personal information for as long as necessary for the purposes for which it was collected, then we securely destroy it or make it anonymous.

    ### Retention periods {#durees-conservation}

    | Information | Retention period |
    | --- | --- |
    | Membership file | Length of membership, plus 7 years |
    | Online orders | 2 years after the order |
    | Contest entry forms | 6 months after the draw |
    | Surveillance camera images | 30 days, unless there is an incident |
    | Usage information | 13 months |

    When the law requires us to keep information longer, for example for our tax obligations, we keep it for the required period.
    """,
)

SECURITE = (
    """
    ## 9. Sécurité

    Nous prenons des mesures de sécurité raisonnables, adaptées à la sensibilité des renseignements, pour les protéger contre la perte, le vol et l’accès non autorisé. Parmi ces mesures, nous utilisons le chiffrement des communications entre l’application et nos serveurs, des mots de passe robustes et propres à chaque employé, des copies de sauvegarde quotidiennes conservées dans un lieu distinct, ainsi que des armoires verrouillées pour les documents papier.

    Seuls les employés qui ont besoin des renseignements pour accomplir leurs tâches peuvent y accéder. Ils s’engagent par écrit à en respecter la confidentialité.

    Aucune méthode de transmission ou de stockage n’est parfaitement sûre. Si vous croyez que la sécurité de votre compte a été compromise, communiquez avec nous sans tarder.
    """,
    """
    ## 9. Security

    We take reasonable security measures, appropriate to the sensitivity of the information, to protect it against loss, theft and unauthorized access. Among these measures, we use encryption of communications between the app and our servers, strong passwords specific to each employee, daily backups kept in a separate location, and locked cabinets for paper documents.

    Only employees who need the information to perform their duties may access it. They undertake in writing to respect its confidentiality.

    No method of transmission or storage is completely secure. If you believe that the security of your account has been compromised, contact us without delay.
    """,
)

DROITS = (
    """
    ## 10. Vos droits

    Sous réserve des exceptions prévues par la loi, vous pouvez en tout temps :

    1. demander l’accès aux renseignements personnels que nous détenons à votre sujet ;
    2. demander la rectification de renseignements inexacts, incomplets ou équivoques ;
    3. retirer votre consentement à une utilisation de vos renseignements, par exemple pour les promotions personnalisées.

    Pour exercer ces droits, remplissez le [formulaire de demande d’accès](/assets/formulaires/demande-acces.pdf) et transmettez-le à la personne responsable de la protection des renseignements personnels, par la poste, par courriel ou par télécopieur au 819-555-0143. Nous vous répondrons dans un délai de 30 jours.

    Si vous n’êtes pas satisfait de notre réponse, vous pouvez vous adresser à la [Commission d’accès à l’information du Québec](https://www.cai.gouv.qc.ca/).
    """,
    """
    ## 10. Your Rights

    Subject to the exceptions provided by law, you may at any time:

    1. request access to the personal information we hold about you;
    2. request the correction of information that is inaccurate, incomplete or ambiguous;
    3. withdraw your consent to a use of your information, for example for personalized promotions.

    To exercise these rights, fill out the [access request form](/assets/formulaires/demande-acces.pdf) and send it to the person in charge of the protection of personal information, by mail, by email or by fax at 819-555-0143. We will respond within 30 days.

    If you are not satisfied with our response, you may contact the [Commission d’accès à l’information du Québec](https://www.cai.gouv.qc.ca/).
    """,
)

RESPONSABLE = (
    """
    ## Responsable de la protection des renseignements personnels ##

    Pour toute question sur la présente politique ou sur le traitement de vos renseignements personnels, pour formuler une plainte ou pour exercer vos droits, communiquez avec notre responsable de la protection des renseignements personnels :

    Mélanie Gagnon-Roy<br>
    Coopérative de consommateurs Panier Boréal<br>
    1250, rue King Ouest, Sherbrooke (Québec) J1H 1R9<br>
    Courriel : [vieprivee@panierboreal.example](mailto:vieprivee@panierboreal.example)

    Vous pouvez aussi remettre votre demande sous enveloppe scellée au comptoir du service à la clientèle de l’un de nos magasins.
    """,
    """
    ## Person in Charge of the Protection of Personal Information ##

    For any question about this policy or the processing of your personal information, to make a complaint or to exercise your rights, contact our person in charge of the protection of personal information:

    Mélanie Gagnon-Roy<br>
    Panier Boréal Consumer Co-operative<br>
    1250 King Street West, Sherbrooke, Quebec J1H 1R9<br>
    Email: [vieprivee@panierboreal.example](mailto:vieprivee@panierboreal.example)

    You may also hand in your request in a sealed envelope at the customer service counter of any of our stores.
    """,
)


def initial() -> Policy:
    p = Policy({}, typo)
    for name, (fr, en) in {
        "00-preambule.md": PREAMBULE,
        "01-champ-application.md": CHAMP,
        "02-renseignements.md": RENSEIGNEMENTS,
        "03-utilisation.md": UTILISATION,
        "04-temoins.md": TEMOINS,
        "05-communication.md": COMMUNICATION,
        "06-membres.md": MEMBRES,
        "07-concours.md": CONCOURS,
        "08-conservation.md": CONSERVATION,
        "09-securite.md": SECURITE,
        "10-droits.md": DROITS,
        "11-responsable.md": RESPONSABLE,
    }.items():
        p.add(name, fr, en)
    return p


def renumber(p: Policy, numbers: dict[str, tuple[int, int]]) -> None:
    """Section numbers in headings: `## 3. ` becomes `## 4. ` (both languages)."""
    for name, (old, new) in numbers.items():
        p.sub(name, (f"## {old}. ", f"## {new}. "), (f"## {old}. ", f"## {new}. "))


# --------------------------------------------------------------------------- versions
def v02(p: Policy) -> None:
    p.sub(
        "02-renseignements.md",
        (
            "Ces données nous servent à faire fonctionner nos services, à en mesurer l’utilisation et à corriger les problèmes.",
            "Ces données nous servent à faire fonctionner nos services, à en mesurer l’utilisation de façon agrégée et à repérer puis corriger les problèmes.",
        ),
        (
            "We use this data to operate our services, measure their use and fix problems.",
            "We use this data to operate our services, measure their use in aggregate form, and detect and fix problems.",
        ),
    )
    p.sub(
        "03-utilisation.md",
        [
            (
                "3. calculer et verser votre ristourne annuelle ;",
                "3. calculer et verser votre ristourne annuelle ;\n4. gérer le programme de fidélité et les prix réservés aux membres ;",
            ),
            ("4. répondre à vos questions", "5. répondre à vos questions"),
            ("5. améliorer nos services", "6. améliorer nos services"),
        ],
        [
            (
                "3. to calculate and pay your annual patronage dividend;",
                "3. to calculate and pay your annual patronage dividend;\n4. to manage the loyalty program and members’ reserved prices;",
            ),
            ("4. to answer your questions", "5. to answer your questions"),
            ("5. to improve our services", "6. to improve our services"),
        ],
    )


def v03(p: Policy) -> None:
    p.sub(
        "01-champ-application.md",
        ("(/conditions)", "(/legal/conditions-utilisation)"),
        ("(/conditions)", "(/legal/conditions-utilisation)"),
    )
    p.sub(
        "10-droits.md",
        ("(/assets/formulaires/demande-acces.pdf)", "(/assets/formulaires/demande-acces-2017.pdf)"),
        ("(/assets/formulaires/demande-acces.pdf)", "(/assets/formulaires/demande-acces-2017.pdf)"),
    )


def v04(p: Policy) -> None:
    p.transform(rewrap(72), ["02-renseignements.md", "04-temoins.md", "09-securite.md"])
    p.transform(dash_to_star, ["01-champ-application.md", "05-communication.md"])


APPLICATION = (
    """
    ## 11. Fonctions optionnelles de l’application {: #fonctions-optionnelles }

    Certaines fonctions de l’application ne sont activées que si vous le demandez. Vous pouvez les désactiver en tout temps dans les paramètres de l’application ; nous cessons alors de recueillir les renseignements correspondants.

    ### Géolocalisation

    Si vous activez la géolocalisation, l’application utilise la position de votre appareil au moment où vous l’ouvrez.

    #### Magasin le plus proche

    La position sert uniquement à afficher le magasin le plus proche et ses heures d’ouverture. Elle n’est pas transmise à nos partenaires.

    ### Notifications

    Si vous acceptez les notifications, nous vous avisons lorsque votre commande est prête ou qu’un produit de votre liste d’épicerie est en promotion. Nous conservons un identifiant technique de votre appareil à cette seule fin.
    """,
    """
    ## 11. Optional Features of the App {: #fonctions-optionnelles }

    Some features of the app are turned on only if you ask for them. You can turn them off at any time in the app’s settings; we then stop collecting the corresponding information.

    ### Geolocation

    If you turn on geolocation, the app uses the location of your device when you open it.

    #### Nearest store

    The location is used only to show the nearest store and its opening hours. It is not sent to our partners.

    ### Notifications

    If you accept notifications, we let you know when your order is ready or when a product on your grocery list is on sale. We keep a technical identifier of your device for this purpose only.
    """,
)


def v05(p: Policy) -> None:
    p.add("10b-application.md", *APPLICATION)
    p.sub(
        "03-utilisation.md",
        (
            "Nous n’utilisons pas vos renseignements à d’autres fins sans votre consentement,",
            "Les fonctions de l’application que vous pouvez activer vous-même sont décrites [plus bas](#fonctions-optionnelles).\n\nNous n’utilisons pas vos renseignements à d’autres fins sans votre consentement,",
        ),
        (
            "We do not use your information for other purposes without your consent,",
            "The app features that you can turn on yourself are described [below](#fonctions-optionnelles).\n\nWe do not use your information for other purposes without your consent,",
        ),
    )


def v06(p: Policy) -> None:
    p.rename("04-temoins.md", "04-temoins-et-traceurs.md")
    p.sub(
        "04-temoins-et-traceurs.md",
        [
            ("## 4. Témoins", "## 4. Témoins et autres traceurs"),
            (
                "Les témoins de mesure d’audience nous indiquent",
                "Nos courriels peuvent contenir un pixel invisible qui nous indique s’ils ont été ouverts. Les témoins de mesure d’audience nous indiquent",
            ),
        ],
        [
            ("## 4. Cookies", "## 4. Cookies and Other Trackers"),
            (
                "Audience measurement cookies tell us",
                "Our emails may contain an invisible pixel that tells us whether they were opened. Audience measurement cookies tell us",
            ),
        ],
    )


def v07(p: Policy) -> None:
    p.sub(
        "08-conservation.md",
        [
            ("| Durée de l’adhésion, plus 7 ans |", "| Durée de l’adhésion, plus 6 ans |"),
            (
                "| Commandes en ligne | 2 ans après la commande |",
                "| Commandes en ligne | 2 ans après la commande |\n| Historique d’achats associé à la carte de membre | 3 ans |",
            ),
            ("| Bulletins de participation aux concours | 6 mois après le tirage |\n", ""),
        ],
        [
            ("| Length of membership, plus 7 years |", "| Length of membership, plus 6 years |"),
            (
                "| Online orders | 2 years after the order |",
                "| Online orders | 2 years after the order |\n| Purchase history linked to the membership card | 3 years |",
            ),
            ("| Contest entry forms | 6 months after the draw |\n", ""),
        ],
    )


def v08(p: Policy) -> None:
    p.sub(
        "09-securite.md",
        (
            "Parmi ces mesures, nous utilisons le chiffrement des communications entre l’application et nos serveurs, des mots de passe robustes et propres à chaque employé, des copies de sauvegarde quotidiennes conservées dans un lieu distinct, ainsi que des armoires verrouillées pour les documents papier.",
            "Parmi ces mesures, nous utilisons :\n\n- le chiffrement des communications entre l’application et nos serveurs ;\n- des mots de passe robustes et propres à chaque employé ;\n- des copies de sauvegarde quotidiennes conservées dans un lieu distinct ;\n- des armoires verrouillées pour les documents papier.",
        ),
        (
            "Among these measures, we use encryption of communications between the app and our servers, strong passwords specific to each employee, daily backups kept in a separate location, and locked cabinets for paper documents.",
            "Among these measures, we use:\n\n- encryption of communications between the app and our servers;\n- strong passwords specific to each employee;\n- daily backups kept in a separate location;\n- locked cabinets for paper documents.",
        ),
    )
    p.sub(
        "10-droits.md",
        (
            "Nous vous répondrons dans un délai de 30 jours.",
            'Nous vous répondrons dans un délai de 30 jours.\n\nCette section a été révisée le 4 juin 2019 pour préciser les moyens de transmettre une demande.\n{: datetime="2019-06-04" }',
        ),
        (
            "We will respond within 30 days.",
            'We will respond within 30 days.\n\nThis section was revised on June 4, 2019 to clarify the ways of sending a request.\n{: datetime="2019-06-04" }',
        ),
    )


PARTNER_TABLE = (
    """
    Le tableau suivant présente nos principaux fournisseurs de services :

    <table class="partenaires">
      <thead>
        <tr><th>Fournisseur</th><th>Service</th><th>Lieu de traitement</th></tr>
      </thead>
      <tbody>
        <tr><td>Paiements Estrie inc.</td><td>Traitement des paiements</td><td>Québec</td></tr>
        <tr><td>Nuage Laurentien</td><td>Hébergement du site et de l’application</td><td>Québec</td></tr>
        <tr><td>Imprimerie Fortin &amp; Fils</td><td>Envoi postal de l’avis d’assemblée</td><td>Québec</td></tr>
      </tbody>
    </table>
    """,
    """
    The following table lists our main service providers:

    <table class="partenaires">
      <thead>
        <tr><th>Provider</th><th>Service</th><th>Place of processing</th></tr>
      </thead>
      <tbody>
        <tr><td>Paiements Estrie inc.</td><td>Payment processing</td><td>Quebec</td></tr>
        <tr><td>Nuage Laurentien</td><td>Hosting of the website and the app</td><td>Quebec</td></tr>
        <tr><td>Imprimerie Fortin &amp; Fils</td><td>Mailing of the notice of meeting</td><td>Quebec</td></tr>
      </tbody>
    </table>
    """,
)


def v09(p: Policy) -> None:
    p.sub(
        "05-communication.md",
        (
            "Nous pouvons aussi communiquer des renseignements personnels lorsque la loi l’exige,",
            PARTNER_TABLE[0].strip()
            + "\n\nNous pouvons aussi communiquer des renseignements personnels lorsque la loi l’exige,",
        ),
        (
            "We may also disclose personal information when the law requires it,",
            PARTNER_TABLE[1].strip() + "\n\nWe may also disclose personal information when the law requires it,",
        ),
    )


def v10(p: Policy) -> None:
    p.sub(
        "05-communication.md",
        [
            (
                "<td>Hébergement du site et de l’application</td><td>Québec</td>",
                "<td>Hébergement du site et de l’application</td><td>Québec et Ontario</td>",
            ),
            (
                "<tr><td>Imprimerie Fortin &amp; Fils</td>",
                "<tr><td>Livraisons Express Magog</td><td>Livraison à domicile des commandes</td><td>Québec</td></tr>\n    <tr><td>Imprimerie Fortin &amp; Fils</td>",
            ),
        ],
        [
            (
                "<td>Hosting of the website and the app</td><td>Quebec</td>",
                "<td>Hosting of the website and the app</td><td>Quebec and Ontario</td>",
            ),
            (
                "<tr><td>Imprimerie Fortin &amp; Fils</td>",
                "<tr><td>Livraisons Express Magog</td><td>Home delivery of orders</td><td>Quebec</td></tr>\n    <tr><td>Imprimerie Fortin &amp; Fils</td>",
            ),
        ],
    )
    p.sub(
        "03-utilisation.md",
        [
            (
                "2. préparer vos commandes en ligne et vous aviser lorsqu’elles sont prêtes ;",
                "2. préparer vos commandes en ligne et vous aviser lorsqu’elles sont prêtes ;\n3. organiser la cueillette sans contact et la livraison à domicile de vos commandes ;",
            ),
            ("3. calculer et verser", "4. calculer et verser"),
            ("4. gérer le programme", "5. gérer le programme"),
            ("5. répondre à vos questions", "6. répondre à vos questions"),
            ("6. améliorer nos services", "7. améliorer nos services"),
        ],
        [
            (
                "2. to prepare your online orders and notify you when they are ready;",
                "2. to prepare your online orders and notify you when they are ready;\n3. to arrange contactless pickup and home delivery of your orders;",
            ),
            ("3. to calculate and pay", "4. to calculate and pay"),
            ("4. to manage the loyalty", "5. to manage the loyalty"),
            ("5. to answer your questions", "6. to answer your questions"),
            ("6. to improve our services", "7. to improve our services"),
        ],
    )
    p.sub(
        "02-renseignements.md",
        (
            "le magasin où vous souhaitez récupérer votre commande, la plage horaire choisie",
            "le magasin où vous souhaitez récupérer votre commande ou l’adresse de livraison, la plage horaire choisie",
        ),
        (
            "the store where you wish to pick up your order, the time slot you chose",
            "the store where you wish to pick up your order or the delivery address, the time slot you chose",
        ),
    )


def v11(p: Policy) -> None:
    p.sub(
        "06-membres.md",
        [
            (
                "Pour vous offrir des promotions pertinentes, nous pouvons tenir compte de vos achats des douze derniers mois.",
                "Pour vous offrir des promotions pertinentes, nous analysons vos achats des vingt-quatre derniers mois à l’aide d’un outil automatisé.",
            ),
            (
                "Vous pouvez refuser les promotions personnalisées en tout temps dans les paramètres de votre compte ; vous continuerez alors de recevoir les promotions générales.",
                "Les promotions personnalisées sont activées par défaut pour les nouveaux comptes.",
            ),
        ],
        [
            (
                "To offer you relevant promotions, we may take into account your purchases over the last twelve months.",
                "To offer you relevant promotions, we analyze your purchases over the last twenty-four months using an automated tool.",
            ),
            (
                "You can refuse personalized promotions at any time in your account settings; you will then continue to receive general promotions.",
                "Personalized promotions are turned on by default for new accounts.",
            ),
        ],
    )


def v13(p: Policy) -> None:
    p.rename("10-droits.md", "03-droits.md")
    renumber(
        p,
        {
            "03-droits.md": (10, 3),
            "09-securite.md": (9, 10),
            "08-conservation.md": (8, 9),
            "07-concours.md": (7, 8),
            "06-membres.md": (6, 7),
            "05-communication.md": (5, 6),
            "04-temoins-et-traceurs.md": (4, 5),
            "03-utilisation.md": (3, 4),
        },
    )


def v14(p: Policy) -> None:
    geo_fr = "#### Données de localisation\n\nL’application peut utiliser la position approximative de votre appareil pour vous proposer le magasin le plus proche. Cette fonction est désactivée par défaut, et nous ne conservons pas l’historique de vos positions."
    geo_en = "#### Location data\n\nThe app may use the approximate location of your device to suggest the nearest store. This feature is turned off by default, and we do not keep a history of your locations."
    para_fr = "L’application peut utiliser la position approximative de votre appareil pour vous proposer le magasin le plus proche. Cette fonction est désactivée par défaut, et nous ne conservons pas l’historique de vos positions."
    para_en = "The app may use the approximate location of your device to suggest the nearest store. This feature is turned off by default, and we do not keep a history of your locations."
    p.sub("02-renseignements.md", (geo_fr + "\n\n", ""), (geo_en + "\n\n", ""))
    p.sub(
        "10b-application.md",
        (
            "Si vous activez la géolocalisation, l’application utilise la position de votre appareil au moment où vous l’ouvrez.",
            "Si vous activez la géolocalisation, l’application utilise la position de votre appareil au moment où vous l’ouvrez.\n\n"
            + para_fr,
        ),
        (
            "If you turn on geolocation, the app uses the location of your device when you open it.",
            "If you turn on geolocation, the app uses the location of your device when you open it.\n\n" + para_en,
        ),
    )
    backup_fr = "Aucune méthode de transmission ou de stockage n’est parfaitement sûre. Si vous croyez que la sécurité de votre compte a été compromise, communiquez avec nous sans tarder."
    backup_en = "No method of transmission or storage is completely secure. If you believe that the security of your account has been compromised, contact us without delay."
    p.sub("09-securite.md", ("\n\n" + backup_fr, ""), ("\n\n" + backup_en, ""))
    p.sub(
        "11-responsable.md",
        ("Vous pouvez aussi remettre votre demande", backup_fr + "\n\nVous pouvez aussi remettre votre demande"),
        ("You may also hand in your request", backup_en + "\n\nYou may also hand in your request"),
    )


INCIDENTS = (
    """
    ## 12. Incidents de confidentialité

    Un incident de confidentialité est un accès, une utilisation ou une communication non autorisés de renseignements personnels, ou leur perte. Lorsque nous avons des motifs de croire qu’un tel incident s’est produit, nous prenons rapidement les mesures raisonnables pour diminuer les risques qu’un préjudice soit causé et pour éviter que de nouveaux incidents de même nature se produisent.

    Si l’incident présente un risque de préjudice sérieux, nous en avisons la Commission d’accès à l’information ainsi que les personnes concernées. Nous tenons un registre de tous les incidents, que nous conservons pendant au moins cinq ans.
    """,
    """
    ## 12. Confidentiality Incidents

    A confidentiality incident is any unauthorized access to, use or disclosure of personal information, or its loss. When we have reason to believe that such an incident has occurred, we promptly take reasonable measures to reduce the risk of injury and to prevent new incidents of the same nature.

    If the incident presents a risk of serious injury, we notify the Commission d’accès à l’information and the persons concerned. We keep a register of all incidents, which we retain for at least five years.
    """,
)


def v15(p: Policy) -> None:
    p.add("10c-incidents.md", *INCIDENTS)
    p.sub(
        "03-droits.md",
        [
            (
                "3. retirer votre consentement à une utilisation de vos renseignements, par exemple pour les promotions personnalisées.",
                "3. retirer votre consentement à une utilisation de vos renseignements, par exemple pour les promotions personnalisées ;\n4. à compter du 22 septembre 2024, recevoir vos renseignements informatisés dans un format technologique structuré et couramment utilisé.",
            ),
            (", par la poste, par courriel ou par télécopieur au 819-555-0143.", ", par la poste ou par courriel."),
        ],
        [
            (
                "3. withdraw your consent to a use of your information, for example for personalized promotions.",
                "3. withdraw your consent to a use of your information, for example for personalized promotions;\n4. from September 22, 2024, receive your computerized information in a structured, commonly used technological format.",
            ),
            (", by mail, by email or by fax at 819-555-0143.", ", by mail or by email."),
        ],
    )
    p.sub(
        "11-responsable.md",
        (
            "communiquez avec notre responsable de la protection des renseignements personnels :",
            "communiquez avec notre responsable de la protection des renseignements personnels, désignée par le conseil d’administration :",
        ),
        (
            "contact our person in charge of the protection of personal information:",
            "contact our person in charge of the protection of personal information, designated by the board of directors:",
        ),
    )


def v16(p: Policy) -> None:
    p.sub(
        "09-securite.md",
        (
            "Parmi ces mesures, nous utilisons :\n\n- le chiffrement des communications entre l’application et nos serveurs ;\n- des mots de passe robustes et propres à chaque employé ;\n- des copies de sauvegarde quotidiennes conservées dans un lieu distinct ;\n- des armoires verrouillées pour les documents papier.",
            "Parmi ces mesures, nous utilisons le chiffrement des communications entre l’application et nos serveurs, l’authentification à deux facteurs pour nos employés, des copies de sauvegarde quotidiennes conservées dans un lieu distinct, ainsi que des armoires verrouillées pour les documents papier.",
        ),
        (
            "Among these measures, we use:\n\n- encryption of communications between the app and our servers;\n- strong passwords specific to each employee;\n- daily backups kept in a separate location;\n- locked cabinets for paper documents.",
            "Among these measures, we use encryption of communications between the app and our servers, two-factor authentication for our employees, daily backups kept in a separate location, and locked cabinets for paper documents.",
        ),
    )
    p.sub(
        "03-utilisation.md",
        (
            "Les fonctions de l’application que vous pouvez activer vous-même",
            "### Décisions automatisées {#decisions-automatisees}\n\nLe choix des promotions personnalisées qui vous sont présentées est fait par un traitement automatisé de vos achats. Aucune autre décision vous concernant n’est prise uniquement de façon automatisée. Vous pouvez demander à connaître les renseignements et les principaux facteurs qui ont mené à cette décision, et présenter vos observations à un membre de notre personnel.\n\nLes fonctions de l’application que vous pouvez activer vous-même",
        ),
        (
            "The app features that you can turn on yourself",
            "### Automated decisions {#decisions-automatisees}\n\nThe choice of the personalized promotions shown to you is made by automated processing of your purchases. No other decision about you is made solely by automated means. You may ask to know the information and the main factors that led to this decision, and submit your observations to a member of our staff.\n\nThe app features that you can turn on yourself",
        ),
    )
    p.sub(
        "03-droits.md",
        (
            "3. retirer votre consentement à une utilisation de vos renseignements, par exemple pour les promotions personnalisées ;",
            "3. retirer votre consentement à une utilisation de vos renseignements, par exemple pour les promotions personnalisées et les [décisions automatisées](#decisions-automatisees) ;",
        ),
        (
            "3. withdraw your consent to a use of your information, for example for personalized promotions;",
            "3. withdraw your consent to a use of your information, for example for personalized promotions and [automated decisions](#decisions-automatisees);",
        ),
    )


def v17(p: Policy) -> None:
    text = p.files["05-communication.md"]
    for lang, intro, repl in (
        (
            "fr",
            "Le tableau suivant présente",
            "La liste à jour de nos principaux fournisseurs de services et des lieux où ils traitent vos renseignements est publiée sur notre page [Partenaires](/partenaires).",
        ),
        (
            "en",
            "The following table lists",
            "The up-to-date list of our main service providers and of the places where they process your information is published on our [Partners](/partenaires) page.",
        ),
    ):
        start = text[lang].index(intro)
        end = text[lang].index("</table>") + len("</table>")
        text[lang] = text[lang][:start] + p._fix(lang, repl) + text[lang][end:]


def v19(p: Policy) -> None:
    p.drop("07-concours.md")
    renumber(
        p,
        {
            "08-conservation.md": (9, 8),
            "09-securite.md": (10, 9),
            "10b-application.md": (11, 10),
            "10c-incidents.md": (12, 11),
        },
    )
    p.sub(
        "08-conservation.md",
        (
            "| Images des caméras de surveillance | 30 jours, sauf incident |",
            "| Images des caméras de surveillance | 30 jours, sauf incident |\n| Bulletins de participation aux tirages en magasin | 3 mois après le tirage |",
        ),
        (
            "| Surveillance camera images | 30 days, unless there is an incident |",
            "| Surveillance camera images | 30 days, unless there is an incident |\n| In-store draw entry forms | 3 months after the draw |",
        ),
    )


def v20(p: Policy) -> None:
    p.sub(
        "02-renseignements.md",
        (
            "nous associons vos achats à votre dossier afin de calculer votre ristourne annuelle.",
            "nous associons à votre dossier :\n\n- vos achats, afin de calculer votre ristourne annuelle :\n    - les produits achetés et leur prix ;\n    - le magasin et la date de l’achat ;\n- les coupons et les codes promotionnels utilisés.\n\nNous n’associons pas le mode de paiement à votre dossier.",
        ),
        (
            "we link your purchases to your file in order to calculate your annual patronage dividend.",
            "we link to your file:\n\n- your purchases, in order to calculate your annual patronage dividend:\n    - the products purchased and their price;\n    - the store and the date of purchase;\n- the coupons and promotional codes used.\n\nWe do not link the method of payment to your file.",
        ),
    )
    p.sub(
        "01-champ-application.md",
        ("* des personnes qui participent à nos dégustations et à nos activités communautaires ;\n", ""),
        ("* people who take part in our tastings and community activities;\n", ""),
    )


def v21(p: Policy) -> None:
    p.sub(
        "06-membres.md",
        [
            (
                "si vous achetez souvent du pain de la Boulangerie Fortin & Fils,",
                "si vous achetez souvent du pain de la Boulangerie Fortin & Fils ou du fromage de la Fromagerie Lemay & Filles,",
            ),
            (
                "Les codes promotionnels, comme `PANIER10`, sont personnels",
                "Les codes promotionnels, comme `BOREAL15`, sont **personnels**",
            ),
            (
                "aux petites commandes des membres (< 35 $) passées le mardi.",
                "aux commandes des membres de moins de 50 $ (< 50 $) passées le mardi ou le mercredi.",
            ),
        ],
        [
            (
                "if you often buy bread from Boulangerie Fortin & Fils,",
                "if you often buy bread from Boulangerie Fortin & Fils or cheese from Fromagerie Lemay & Filles,",
            ),
            (
                "Promotional codes, such as `PANIER10`, are personal",
                "Promotional codes, such as `BOREAL15`, are **personal**",
            ),
            (
                "to members’ small orders (< $35) placed on Tuesdays.",
                "to members’ orders under $50 (< $50) placed on Tuesdays or Wednesdays.",
            ),
        ],
    )


def v22(p: Policy) -> None:
    p.sub(
        "03-droits.md",
        ("(https://www.cai.gouv.qc.ca/)", "(https://www.cai.gouv.qc.ca/citoyens/)"),
        ("(https://www.cai.gouv.qc.ca/)", "(https://www.cai.gouv.qc.ca/citoyens/)"),
    )
    p.sub(
        "05-communication.md",
        ("(/partenaires)", "(/partenaires-et-fournisseurs)"),
        ("(/partenaires)", "(/partenaires-et-fournisseurs)"),
    )


def v23(p: Policy) -> None:
    p.sub(
        "10b-application.md",
        (
            "### Notifications",
            "### Suggestions de recettes\n\nSi vous l’activez, l’application vous suggère des recettes à partir du contenu de votre panier. Les suggestions sont calculées sur votre appareil ; le contenu de votre panier n’est pas transmis à un tiers pour cette fin.\n\n### Notifications",
        ),
        (
            "### Notifications",
            "### Recipe suggestions\n\nIf you turn it on, the app suggests recipes based on the contents of your cart. The suggestions are computed on your device; the contents of your cart are not sent to a third party for this purpose.\n\n### Notifications",
        ),
    )
    p.sub(
        "05-communication.md",
        (
            "* de la fédération des coopératives d’alimentation, pour les statistiques agrégées du réseau.",
            "* de la fédération des coopératives d’alimentation, pour les statistiques agrégées du réseau ;\n* de l’entreprise qui assure la livraison à domicile de vos commandes.",
        ),
        (
            "* the federation of food co-operatives, for aggregated network statistics.",
            "* the federation of food co-operatives, for aggregated network statistics;\n* the company that delivers your orders to your home.",
        ),
    )
    p.sub(
        "00-preambule.md",
        (
            "grâce à laquelle nos membres commandent leur épicerie en ligne et la récupèrent en magasin.",
            "grâce à laquelle nos membres commandent leur épicerie en ligne et la récupèrent en magasin ou se la font livrer.",
        ),
        (
            "which our members use to order their groceries online and pick them up in store.",
            "which our members use to order their groceries online and pick them up in store or have them delivered.",
        ),
    )


VERSIONS = [
    Version(
        "2016-03-01",
        "Première version de la politique de confidentialité de la Coopérative et de son application.",
        "First version of the privacy policy of the Co-op and its app.",
        significant=True,
        covers=[
            "preamble-no-heading",
            "atx-closing",
            "subheadings",
            "attr-subheading",
            "inpage-links",
            "links",
            "md-table",
            "lists",
            "inline",
            "fr-typography",
        ],
    ),
    Version(
        "2016-09-12",
        "Nous précisons l’usage des données d’utilisation et ajoutons la gestion du programme de fidélité aux fins de l’utilisation.",
        "We clarify how usage information is used and add the management of the loyalty program to the purposes of use.",
        v02,
        covers=["reword", "list-items"],
    ),
    Version(
        "2017-02-20",
        "Adresses mises à jour des conditions d’utilisation et du formulaire de demande d’accès ; aucun changement au texte.",
        "Updated addresses of the terms of use and of the access request form; no change to the text.",
        v03,
        covers=["link-target-only", "links"],
    ),
    Version(
        "2017-08-01",
        "Mise en forme du fichier source seulement ; le texte publié est identique.",
        "Source formatting only; the published text is identical.",
        v04,
        covers=["rewrap", "list-markers", "no-render-change"],
    ),
    Version(
        "2018-01-15",
        "Nouvelle section sur les fonctions optionnelles de l’application (géolocalisation, notifications).",
        "New section on the optional features of the app (geolocation, notifications).",
        v05,
        published="2017-12-15",
        significant=True,
        covers=["sections-added-removed", "attr-heading", "subheadings", "inpage-links"],
    ),
    Version(
        "2018-05-25",
        "La section sur les témoins devient « Témoins et autres traceurs » et mentionne les pixels de nos courriels.",
        "The cookies section becomes “Cookies and Other Trackers” and mentions the pixels in our emails.",
        v06,
        covers=["retitle-rename", "reword"],
    ),
    Version(
        "2018-11-05",
        "Durées de conservation revues : dossier de membre, historique d’achats ajouté, bulletins de concours retirés du tableau.",
        "Retention periods revised: membership file, purchase history added, contest entry forms removed from the table.",
        v07,
        covers=["md-table"],
    ),
    Version(
        "2019-06-04",
        "Les mesures de sécurité sont présentées sous forme de liste ; précision sur la révision de la section sur vos droits.",
        "Security measures are presented as a list; note on the revision of the section on your rights.",
        v08,
        covers=["list-paragraph", "attr-paragraph", "lists"],
    ),
    Version(
        "2019-12-02",
        "Ajout d’un tableau de nos principaux fournisseurs de services.",
        "A table of our main service providers is added.",
        v09,
        covers=["html-table", "table-added-removed", "inline"],
    ),
    Version(
        "2020-04-14",
        "Cueillette sans contact et livraison à domicile : nouvelle fin d’utilisation et nouveau fournisseur.",
        "Contactless pickup and home delivery: new purpose of use and new service provider.",
        v10,
        significant=True,
        covers=["html-table", "list-items", "reword"],
    ),
    Version(
        "2020-10-01",
        "Promotions personnalisées : analyse automatisée des achats des vingt-quatre derniers mois.",
        "Personalized promotions: automated analysis of purchases over the last twenty-four months.",
        v11,
        significant=True,
        reduces_rights=True,
        covers=["reword"],
    ),
    Version(
        "2021-01-11",
        "Retour au texte précédent de la section sur le programme de membres, à la suite des commentaires des membres.",
        "Return to the previous text of the section on the membership program, following members’ comments.",
        lambda p: p.restore("06-membres.md", 2),
        significant=True,
        covers=["revert"],
    ),
    Version(
        "2021-06-21",
        "La section sur vos droits est déplacée au début de la politique ; les sections suivantes sont renumérotées.",
        "The section on your rights is moved to the beginning of the policy; the following sections are renumbered.",
        v13,
        covers=["section-moved"],
    ),
    Version(
        "2021-11-30",
        "Réorganisation : la géolocalisation est décrite avec les fonctions optionnelles, et le conseil de sécurité avec les coordonnées.",
        "Reorganization: geolocation is described with the optional features, and the security advice with the contact details.",
        v14,
        covers=["paragraph-moved"],
    ),
    Version(
        "2022-09-22",
        "Loi 25 : nouvelle section sur les incidents de confidentialité, droit à la portabilité annoncé, télécopieur retiré.",
        "Law 25: new section on confidentiality incidents, right to portability announced, fax removed.",
        v15,
        significant=True,
        covers=["sections-added-removed", "list-items", "reword"],
    ),
    Version(
        "2023-09-22",
        "Décisions automatisées : information et droit de présenter vos observations ; mesures de sécurité mises à jour.",
        "Automated decisions: information and right to submit your observations; security measures updated.",
        v16,
        significant=True,
        covers=["list-paragraph", "attr-subheading", "inpage-links"],
    ),
    Version(
        "2024-03-04",
        "Le tableau des fournisseurs est remplacé par un lien vers notre page Partenaires, tenue à jour.",
        "The table of providers is replaced with a link to our Partners page, kept up to date.",
        v17,
        covers=["table-added-removed", "html-table", "links"],
    ),
    Version(
        "2024-06-10",
        "Conversion technique des fichiers ; le texte publié est identique.",
        "Technical conversion of the files; the published text is identical.",
        lambda p: None,
        crlf=True,
        covers=["crlf", "no-render-change"],
    ),
    Version(
        "2024-10-15",
        "Fin des concours : la section est retirée et les sections suivantes sont renumérotées ; tirages en magasin ajoutés aux durées de conservation.",
        "End of contests: the section is removed and the following sections are renumbered; in-store draws added to the retention periods.",
        v19,
        covers=["sections-added-removed", "md-table"],
    ),
    Version(
        "2025-04-01",
        "Précisions sur les renseignements associés à la carte de membre ; dégustations retirées du champ d’application.",
        "Details of the information linked to the membership card; tastings removed from the scope.",
        v20,
        covers=["lists", "list-items"],
    ),
    Version(
        "2025-11-17",
        "Programme de membres : nouveau code promotionnel et livraison gratuite élargie.",
        "Membership program: new promotional code and extended free delivery.",
        v21,
        covers=["inline", "reword"],
    ),
    Version(
        "2026-06-01",
        "Adresses mises à jour (Commission d’accès à l’information, page Partenaires) ; aucun changement au texte.",
        "Updated addresses (Commission d’accès à l’information, Partners page); no change to the text.",
        v22,
        covers=["link-target-only"],
    ),
    Version(
        "2027-01-15",
        "Livraison à domicile et suggestions de recettes calculées sur votre appareil.",
        "Home delivery and recipe suggestions computed on your device.",
        v23,
        published="2026-11-20",
        significant=True,
        covers=["upcoming", "reword", "list-items"],
    ),
]
