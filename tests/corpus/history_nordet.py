"""History `nordet-analytique`: a Montreal web-analytics SaaS company (fictitious), 2016-2026.

Setext headings until a total rewrite in 2022 (ATX afterwards, some with closing hashes),
an anchor line above a section heading, an attribute list on a section heading, inline
HTML in a heading, an HTML table of sub-processors, a Markdown table added then removed,
four sentences turned into four sections. English file names; plain spaces in French.
"""

from __future__ import annotations

from make_corpus import Policy, Version, dash_to_star, rewrap, trailing_space

NAME = "nordet-analytique"
DESCRIPTION = "Analytique Nordet inc., a Montreal web-analytics SaaS company"
SITE = {
    "site_name": "Nordet — Politique de confidentialité",
    "org_name": "Analytique Nordet inc.",
    "palette": "indigo",
    "address": "5445, avenue de Gaspé, bureau 610, Montréal (Québec) H2T 3B2",
    "phone": "514-555-0188",
    "email": "confidentialite@nordet.example",
    "website": "https://nordet.example/",
    "officer": "Antoine Lefebvre-Nguyen",
    "officer_title_fr": "Directeur des opérations",
    "officer_title_en": "Chief Operating Officer",
    "officer_email": "confidentialite@nordet.example",
}

PREAMBLE = (
    """
    Politique de confidentialité de Nordet
    ======================================

    Analytique Nordet inc. (« Nordet », « nous ») conçoit à Montréal une plateforme d’analyse d’audience Web offerte par abonnement à des entreprises (nos « clients »). La présente politique décrit comment nous traitons les renseignements personnels des personnes qui visitent notre site, des utilisateurs de nos clients qui se connectent à la plateforme et, dans une moindre mesure, des visiteurs des sites de nos clients.

    Nous agissons à deux titres. Pour les renseignements de compte et de facturation, nous sommes responsables de leur traitement. Pour les données d’audience que nos clients recueillent au moyen de la plateforme, nous agissons pour le compte de nos clients, selon leurs instructions et l’entente de traitement des données qui nous lie à eux.

    La présente politique s’applique :

    - au site nordet.example et à son blogue ;
    - à la plateforme Nordet, y compris son application Web et son API ;
    - à l’agent Nordet, le court script que nos clients installent sur leurs sites ;
    - aux communications que nous vous adressons par courriel.

    Elle complète nos [conditions de service](https://nordet.example/terms) et l’[entente de traitement des données](https://nordet.example/dpa) conclue avec chaque client.
    """,
    """
    Nordet Privacy Policy
    =====================

    Nordet Analytics Inc. (“Nordet”, “we”) designs, in Montreal, a web audience analytics platform offered by subscription to businesses (our “customers”). This policy describes how we process the personal information of people who visit our site, of our customers’ users who log in to the platform and, to a lesser extent, of visitors to our customers’ sites.

    We act in two capacities. For account and billing information, we are responsible for its processing. For the audience data that our customers collect through the platform, we act on behalf of our customers, according to their instructions and the data processing agreement between us.

    This policy applies to:

    - the nordet.example site and its blog;
    - the Nordet platform, including its web application and its API;
    - the Nordet agent, the short script that our customers install on their sites;
    - the communications we send you by email.

    It supplements our [terms of service](https://nordet.example/terms) and the [data processing agreement](https://nordet.example/dpa) entered into with each customer.
    """,
)

COLLECT = (
    """
    Renseignements que nous recueillons
    -----------------------------------

    ### Renseignements de compte

    Lorsque vous créez un compte sur la plateforme, nous recueillons votre nom, votre adresse de courriel professionnelle, le nom de votre entreprise et votre rôle. Pour la facturation, nous recueillons l’adresse de facturation et les renseignements de paiement, que notre fournisseur de paiement traite directement ; nous n’en conservons qu’un jeton et les quatre derniers chiffres de la carte.

    Si vous communiquez avec notre soutien technique, nous conservons vos messages et les pièces jointes que vous nous transmettez, afin de suivre votre demande et d’améliorer nos réponses.

    ### Données d’utilisation

    Lorsque vous utilisez la plateforme, nous enregistrons les tableaux de bord consultés, les rapports exportés, les paramètres modifiés, l’adresse IP de connexion ainsi que le navigateur et le système d’exploitation utilisés. Ces journaux nous permettent d’assurer la sécurité des comptes, de diagnostiquer les erreurs et de comprendre quelles fonctions sont utiles.

    Nous conservons ces journaux pendant 12 mois, puis nous les supprimons ou les rendons anonymes. Les journaux de sécurité liés à une enquête en cours peuvent être conservés jusqu’à la fin de celle-ci.

    ### Données recueillies pour nos clients

    L’agent Nordet recueille, pour le compte de nos clients, des données sur les visites de leurs sites. Nos clients décident des données recueillies et de leur utilisation ; nous ne les utilisons que pour leur fournir le service.

    #### Données des visiteurs

    Pour chaque visite, l’agent transmet l’adresse de la page consultée, la page de provenance, la taille de l’écran, la langue du navigateur et une version tronquée de l’adresse IP. L’agent n’utilise pas de témoin par défaut et ne recueille ni nom, ni adresse de courriel, ni contenu des formulaires.

    Lorsque nos clients activent les événements personnalisés, l’agent transmet aussi le nom de l’événement et les propriétés que le client a définies, par exemple le montant d’un achat ou le nom d’un bouton. Nous demandons à nos clients de ne jamais inclure de renseignements personnels dans ces propriétés, et l’agent rejette automatiquement les valeurs qui ressemblent à une adresse de courriel ou à un numéro de téléphone.
    """,
    """
    Information We Collect
    ----------------------

    ### Account information

    When you create an account on the platform, we collect your name, your business email address, the name of your company and your role. For billing, we collect the billing address and payment information, which our payment provider processes directly; we keep only a token and the last four digits of the card.

    If you contact our technical support, we keep your messages and the attachments you send us, in order to follow up on your request and improve our answers.

    ### Usage information

    When you use the platform, we record the dashboards viewed, the reports exported, the settings changed, the IP address used to log in and the browser and operating system used. These logs allow us to keep accounts secure, diagnose errors and understand which features are useful.

    We keep these logs for 12 months, then we delete them or make them anonymous. Security logs related to an ongoing investigation may be kept until the investigation ends.

    ### Data collected for our customers

    The Nordet agent collects, on behalf of our customers, data about visits to their sites. Our customers decide which data is collected and how it is used; we use it only to provide them with the service.

    #### Visitor data

    For each visit, the agent sends the address of the page viewed, the referring page, the screen size, the browser language and a truncated version of the IP address. By default the agent uses no cookie and collects no name, no email address and no form content.

    When our customers turn on custom events, the agent also sends the name of the event and the properties the customer has defined, for example the amount of a purchase or the name of a button. We ask our customers never to include personal information in these properties, and the agent automatically rejects values that look like an email address or a telephone number.
    """,
)

USE = (
    """
    Comment nous utilisons les renseignements
    -----------------------------------------

    Nous utilisons les renseignements de compte et les [données d’utilisation](#donnees-dutilisation) pour :

    1. fournir la plateforme et gérer votre abonnement ;
    2. vous facturer et percevoir les paiements ;
    3. répondre à vos demandes de soutien ;
    4. assurer la sécurité de la plateforme et prévenir la fraude ;
    5. vous informer des changements importants apportés au service.

    Quatre principes guident notre travail. Nous recueillons le moins de données possible. Nous rendons les adresses IP anonymes dès leur réception. Nous ne vendons jamais de renseignements personnels. Nous supprimons les données dès qu’elles ne sont plus nécessaires.

    Certaines fonctions ne sont actives que si vous les choisissez ; elles sont décrites [ci-dessous](#optional-features).
    """,
    """
    How We Use Information
    ----------------------

    We use account information and [usage information](#usage-information) to:

    1. provide the platform and manage your subscription;
    2. bill you and collect payments;
    3. answer your support requests;
    4. keep the platform secure and prevent fraud;
    5. inform you of important changes to the service.

    Four principles guide our work. We collect as little data as possible. We make IP addresses anonymous as soon as we receive them. We never sell personal information. We delete data as soon as it is no longer needed.

    Some features are active only if you choose them; they are described [below](#optional-features).
    """,
)

TELEMETRY = (
    """
    <a id="telemetry"></a>
    ## Télémétrie de l’agent

    L’agent Nordet transmet à nos serveurs des données techniques sur son propre fonctionnement : sa version, le temps de chargement du script, les erreurs JavaScript qu’il rencontre et le nombre d’événements mis en file d’attente. Ces données ne contiennent aucun renseignement sur les visiteurs eux-mêmes.

    Nous utilisons la télémétrie pour détecter les pannes et mesurer les effets de nos mises à jour. Nos clients peuvent la désactiver dans les paramètres de leur espace de travail, sous `Paramètres > Agent > Télémétrie`.
    """,
    """
    <a id="telemetry"></a>
    ## Agent Telemetry

    The Nordet agent sends our servers technical data about its own operation: its version, the script’s loading time, the JavaScript errors it encounters and the number of queued events. This data contains no information about the visitors themselves.

    We use telemetry to detect outages and measure the effects of our updates. Our customers can turn it off in their workspace settings, under `Settings > Agent > Telemetry`.
    """,
)

COOKIES = (
    """
    Témoins
    -------

    Notre site et la plateforme utilisent des témoins (« cookies ») pour maintenir votre session, retenir vos préférences d’affichage et mesurer la fréquentation de notre propre site. Nous mesurons notre site avec notre propre produit, configuré sans témoin de suivi.

    Vous pouvez bloquer les témoins dans votre navigateur ; la connexion à la plateforme exige toutefois le témoin de session.
    """,
    """
    Cookies
    -------

    Our site and the platform use cookies to keep your session open, remember your display preferences and measure traffic to our own site. We measure our site with our own product, configured without any tracking cookie.

    You can block cookies in your browser; logging in to the platform, however, requires the session cookie.
    """,
)

SUBPROCESSORS = (
    """
    Sous-traitants
    --------------

    Nous faisons appel aux sous-traitants suivants pour fournir nos services. Chacun est lié par une entente écrite qui l’oblige à protéger les renseignements et à ne les utiliser que pour nous rendre service.

    <table class="subprocessors">
      <thead>
        <tr><th>Sous-traitant</th><th>Service</th><th>Emplacement des données</th></tr>
      </thead>
      <tbody>
        <tr><td>Hébergement Saint-Laurent</td><td>Hébergement des serveurs</td><td>Montréal, Canada</td></tr>
        <tr><td>Courriel Boréal</td><td>Envoi des courriels transactionnels</td><td>Canada</td></tr>
        <tr><td>PayNorth</td><td>Traitement des paiements</td><td>Canada et États-Unis</td></tr>
      </tbody>
    </table>

    Nous vous informerons de tout ajout d’un sous-traitant au moins 30 jours à l’avance.
    """,
    """
    Sub-processors
    --------------

    We use the following sub-processors to provide our services. Each is bound by a written agreement that requires it to protect the information and to use it only to provide services to us.

    <table class="subprocessors">
      <thead>
        <tr><th>Sub-processor</th><th>Service</th><th>Data location</th></tr>
      </thead>
      <tbody>
        <tr><td>Hébergement Saint-Laurent</td><td>Server hosting</td><td>Montreal, Canada</td></tr>
        <tr><td>Courriel Boréal</td><td>Sending of transactional emails</td><td>Canada</td></tr>
        <tr><td>PayNorth</td><td>Payment processing</td><td>Canada and United States</td></tr>
      </tbody>
    </table>

    We will inform you of any new sub-processor at least 30 days in advance.
    """,
)

OPTIONAL = (
    """
    ## Fonctions optionnelles {: #optional-features }

    Les fonctions suivantes sont désactivées par défaut. Un administrateur de votre espace de travail peut les activer ou les désactiver en tout temps.

    - **Enregistrement des parcours** : l’agent conserve l’ordre des pages vues pendant une visite, pour produire des entonnoirs de conversion.
    - **Partage de tableaux de bord** : un lien public permet de consulter un tableau de bord sans compte ; toute personne qui a le lien peut le voir.
    - **Rapports par courriel** : un résumé hebdomadaire est envoyé aux adresses choisies.

    La [télémétrie de l’agent](#telemetry) n’est pas une fonction optionnelle, mais elle peut être désactivée.
    """,
    """
    ## Optional Features {: #optional-features }

    The following features are turned off by default. An administrator of your workspace can turn them on or off at any time.

    - **Journey recording**: the agent keeps the order of the pages viewed during a visit, to produce conversion funnels.
    - **Dashboard sharing**: a public link lets anyone view a dashboard without an account; anyone who has the link can see it.
    - **Email reports**: a weekly summary is sent to the chosen addresses.

    [Agent telemetry](#telemetry) is not an optional feature, but it can be turned off.
    """,
)

RETENTION = (
    """
    Conservation
    ------------

    Nous conservons les renseignements de compte tant que votre abonnement est actif. À la fin de l’abonnement, nous supprimons l’espace de travail et ses données dans les 90 jours, sauf les renseignements de facturation, que nous gardons sept ans pour nos obligations fiscales.

    ### Données des clients {#customer-data}

    Les données d’audience recueillies pour nos clients sont conservées selon la durée qu’ils choisissent, entre 6 et 25 mois. Un client peut aussi supprimer en tout temps les données d’un visiteur sur demande.
    """,
    """
    Retention
    ---------

    We keep account information for as long as your subscription is active. When the subscription ends, we delete the workspace and its data within 90 days, except billing information, which we keep for seven years for our tax obligations.

    ### Customer data {#customer-data}

    The audience data collected for our customers is kept for the period they choose, between 6 and 25 months. A customer may also delete a visitor’s data at any time upon request.
    """,
)

RIGHTS = (
    """
    Vos droits
    ----------

    Vous pouvez :

    - demander l’accès aux renseignements personnels que nous détenons à votre sujet ;
    - en demander la rectification s’ils sont inexacts ou incomplets ;
    - retirer votre consentement à recevoir nos communications, à l’aide du lien de désabonnement de chaque courriel.

    Pour faire une demande, utilisez le [formulaire de demande d’accès](/assets/forms/access-request.pdf) ou écrivez-nous. Si vous êtes un visiteur du site d’un de nos clients, adressez-vous d’abord à ce client, qui décide du traitement de vos données ([données des clients](#customer-data)) ; nous l’aiderons à vous répondre.

    Vous pouvez aussi porter plainte auprès de la [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/).
    """,
    """
    Your Rights
    -----------

    You may:

    - request access to the personal information we hold about you;
    - request its correction if it is inaccurate or incomplete;
    - withdraw your consent to receive our communications, using the unsubscribe link in each email.

    To make a request, use the [access request form](/assets/forms/access-request.pdf) or write to us. If you are a visitor to the site of one of our customers, first contact that customer, who decides how your data is processed ([customer data](#customer-data)); we will help them answer you.

    You may also file a complaint with the [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/).
    """,
)

CONTACT = (
    """
    Nous joindre
    ------------

    Notre responsable de la protection des renseignements personnels est Antoine Lefebvre-Nguyen, directeur des opérations.

    Analytique Nordet inc.␣␣
    5445, avenue de Gaspé, bureau 610␣␣
    Montréal (Québec) H2T 3B2␣␣
    confidentialite@nordet.example
    """,
    """
    Contact Us
    ----------

    Our person in charge of the protection of personal information is Antoine Lefebvre-Nguyen, Chief Operating Officer.

    Nordet Analytics Inc.␣␣
    5445 De Gaspé Avenue, Suite 610␣␣
    Montreal, Quebec H2T 3B2␣␣
    confidentialite@nordet.example
    """,
)


def initial() -> Policy:
    p = Policy({})
    for name, (fr, en) in {
        "00-preamble.md": PREAMBLE,
        "02-information-we-collect.md": COLLECT,
        "03-how-we-use.md": USE,
        "04-agent-telemetry.md": TELEMETRY,
        "05-cookies.md": COOKIES,
        "06-subprocessors.md": SUBPROCESSORS,
        "07-opt-in-features.md": OPTIONAL,
        "08-retention.md": RETENTION,
        "09-rights.md": RIGHTS,
        "10-contact.md": CONTACT,
    }.items():
        p.add(name, fr, en)
    return p


# --------------------------------------------------------------------------- versions 2-14 (setext era)
def v02(p: Policy) -> None:
    p.sub(
        "03-how-we-use.md",
        [
            (
                "3. répondre à vos demandes de soutien ;",
                "3. répondre à vos demandes de soutien et vous former à l’utilisation de la plateforme ;",
            ),
            (
                "5. vous informer des changements importants apportés au service.",
                "5. vous informer des changements importants apportés au service ;\n6. produire des statistiques anonymes sur l’utilisation de la plateforme.",
            ),
        ],
        [
            (
                "3. answer your support requests;",
                "3. answer your support requests and train you in the use of the platform;",
            ),
            (
                "5. inform you of important changes to the service.",
                "5. inform you of important changes to the service;\n6. produce anonymous statistics on the use of the platform.",
            ),
        ],
    )
    p.sub(
        "05-cookies.md",
        (
            "Nous mesurons notre site avec notre propre produit, configuré sans témoin de suivi.",
            "Nous mesurons notre site avec notre propre produit, configuré sans aucun témoin de suivi ni empreinte du navigateur.",
        ),
        (
            "We measure our site with our own product, configured without any tracking cookie.",
            "We measure our site with our own product, configured without any tracking cookie or browser fingerprinting.",
        ),
    )


def v03(p: Policy) -> None:
    p.sub(
        "06-subprocessors.md",
        [
            (
                "<td>Envoi des courriels transactionnels</td><td>Canada</td>",
                "<td>Envoi des courriels transactionnels et des infolettres</td><td>Canada</td>",
            ),
            (
                "<tr><td>PayNorth</td>",
                "<tr><td>Soutien Zénith</td><td>Logiciel de gestion des demandes de soutien</td><td>Canada</td></tr>\n    <tr><td>PayNorth</td>",
            ),
        ],
        [
            (
                "<td>Sending of transactional emails</td><td>Canada</td>",
                "<td>Sending of transactional emails and newsletters</td><td>Canada</td>",
            ),
            (
                "<tr><td>PayNorth</td>",
                "<tr><td>Soutien Zénith</td><td>Support ticket software</td><td>Canada</td></tr>\n    <tr><td>PayNorth</td>",
            ),
        ],
    )


def v04(p: Policy) -> None:
    p.transform(rewrap(80))
    p.transform(trailing_space, ["02-information-we-collect.md", "05-cookies.md", "08-retention.md"])


COOKIE_TABLE = (
    """
    | Témoin | Finalité | Durée |
    | --- | --- | --- |
    | `nordet_session` | Maintenir votre session sur la plateforme | Session |
    | `nordet_prefs` | Retenir la langue et le thème d’affichage | 12 mois |
    | `nordet_csrf` | Protéger les formulaires contre la falsification de requêtes | Session |
    """,
    """
    | Cookie | Purpose | Duration |
    | --- | --- | --- |
    | `nordet_session` | Keep your session open on the platform | Session |
    | `nordet_prefs` | Remember the language and display theme | 12 months |
    | `nordet_csrf` | Protect forms against request forgery | Session |
    """,
)


def v05(p: Policy) -> None:
    p.sub(
        "05-cookies.md",
        (
            "Vous pouvez bloquer les témoins dans votre navigateur ;",
            "Voici les témoins que nous utilisons :\n\n"
            + COOKIE_TABLE[0].strip().replace("\n    ", "\n")
            + "\n\nVous pouvez bloquer les témoins dans votre navigateur ;",
        ),
        (
            "You can block cookies in your browser;",
            "Here are the cookies we use:\n\n"
            + COOKIE_TABLE[1].strip().replace("\n    ", "\n")
            + "\n\nYou can block cookies in your browser;",
        ),
    )


def v06(p: Policy) -> None:
    p.sub(
        "00-preamble.md",
        ("(https://nordet.example/dpa)", "(/legal/dpa)"),
        ("(https://nordet.example/dpa)", "(/legal/dpa)"),
    )
    p.sub(
        "09-rights.md",
        ("(/assets/forms/access-request.pdf)", "(/assets/forms/access-request-v2.pdf)"),
        ("(/assets/forms/access-request.pdf)", "(/assets/forms/access-request-v2.pdf)"),
    )


def v07(p: Policy) -> None:
    p.rename("05-cookies.md", "05-cookies-and-trackers.md")
    p.sub(
        "05-cookies-and-trackers.md",
        [
            ("Témoins\n-------", "Témoins et autres traceurs\n--------------------------"),
            (
                "| `nordet_prefs` | Retenir la langue et le thème d’affichage | 12 mois |",
                "| `nordet_prefs` | Retenir la langue, le thème et le fuseau horaire d’affichage | 6 mois |",
            ),
        ],
        [
            ("Cookies\n-------", "Cookies and Other Trackers\n--------------------------"),
            (
                "| `nordet_prefs` | Remember the language and display theme | 12 months |",
                "| `nordet_prefs` | Remember the language, theme and display time zone | 6 months |",
            ),
        ],
    )


def v08(p: Policy) -> None:
    p.sub(
        "09-rights.md",
        (
            "nous l’aiderons à vous répondre.",
            "nous l’aiderons à vous répondre.\n\nNous répondons aux demandes dans un délai de 30 jours. Ce délai est en vigueur depuis le 4 juin 2019.\n{: .notice }",
        ),
        (
            "we will help them answer you.",
            "we will help them answer you.\n\nWe respond to requests within 30 days. This time limit has applied since June 4, 2019.\n{: .notice }",
        ),
    )
    p.sub(
        "02-information-we-collect.md",
        (
            "le nom de votre entreprise et votre rôle.",
            "le nom de votre entreprise, votre rôle et, si vous le souhaitez, votre photo de profil.",
        ),
        (
            "the name of your company and your role.",
            "the name of your company, your role and, if you wish, your profile picture.",
        ),
    )


PRINCIPLES = [
    (
        "03a-minimisation.md",
        """
        Nous recueillons le moins de données possible
        ---------------------------------------------

        Avant d’ajouter une donnée à l’agent ou à la plateforme, nous vérifions qu’elle est nécessaire à une fonction précise. Les données qui ne servent à aucune fonction ne sont pas recueillies, même si elles pourraient être utiles plus tard.
        """,
        """
        We collect as little data as possible
        -------------------------------------

        Before adding a piece of data to the agent or the platform, we check that it is necessary for a specific feature. Data that serves no feature is not collected, even if it could be useful later.
        """,
    ),
    (
        "03b-ip-anonymisation.md",
        """
        Nous rendons les adresses IP anonymes dès leur réception
        --------------------------------------------------------

        Le dernier octet des adresses IPv4 et les 80 derniers bits des adresses IPv6 sont remplacés par des zéros avant tout enregistrement. L’adresse complète n’est jamais écrite sur disque.
        """,
        """
        We make IP addresses anonymous as soon as we receive them
        ---------------------------------------------------------

        The last octet of IPv4 addresses and the last 80 bits of IPv6 addresses are replaced with zeros before anything is recorded. The full address is never written to disk.
        """,
    ),
    (
        "03c-no-sale.md",
        """
        Nous ne vendons jamais de renseignements personnels
        ---------------------------------------------------

        Notre modèle d’affaires repose uniquement sur les abonnements. Nous ne vendons, ne louons et n’échangeons aucun renseignement personnel, et nous n’utilisons pas les données de nos clients pour de la publicité.
        """,
        """
        We never sell personal information
        ----------------------------------

        Our business model relies solely on subscriptions. We do not sell, rent or trade any personal information, and we do not use our customers’ data for advertising.
        """,
    ),
    (
        "03d-deletion.md",
        """
        Nous supprimons les données dès qu’elles ne sont plus nécessaires
        -----------------------------------------------------------------

        Chaque type de données a une durée de conservation fixée à l’avance, décrite à la section sur la conservation. Une tâche automatisée supprime chaque nuit les données dont la durée est échue.
        """,
        """
        We delete data as soon as it is no longer needed
        ------------------------------------------------

        Each type of data has a retention period set in advance, described in the section on retention. An automated task deletes every night the data whose period has expired.
        """,
    ),
]


def v09(p: Policy) -> None:
    p.sub(
        "03-how-we-use.md",
        (
            "Quatre principes guident notre travail. Nous recueillons le moins de données possible. Nous rendons les adresses IP anonymes dès leur réception. Nous ne vendons jamais de renseignements personnels. Nous supprimons les données dès qu’elles ne sont plus nécessaires.",
            "Quatre principes guident notre travail ; chacun est décrit dans une section ci-dessous.",
        ),
        (
            "Four principles guide our work. We collect as little data as possible. We make IP addresses anonymous as soon as we receive them. We never sell personal information. We delete data as soon as it is no longer needed.",
            "Four principles guide our work; each is described in a section below.",
        ),
    )
    for name, fr, en in PRINCIPLES:
        p.add(name, fr, en)


RELAY = (
    """
    ## <span class="product">Nordet</span> Relay

    Relay est un service optionnel qui reçoit les données de l’agent sur un sous-domaine du site de nos clients plutôt que sur nos serveurs. Il permet à nos clients de garder les données d’audience sous leur propre nom de domaine. Relay ne conserve aucune donnée : il transmet immédiatement les événements à la plateforme, après avoir rendu l’adresse IP anonyme.
    """,
    """
    ## <span class="product">Nordet</span> Relay

    Relay is an optional service that receives the agent’s data on a subdomain of our customers’ site rather than on our servers. It lets our customers keep audience data under their own domain name. Relay keeps no data: it immediately forwards events to the platform, after making the IP address anonymous.
    """,
)


def v10(p: Policy) -> None:
    p.sub(
        "06-subprocessors.md",
        ("<tr><td>Soutien Zénith</td><td>Logiciel de gestion des demandes de soutien</td><td>Canada</td></tr>\n", ""),
        ("<tr><td>Soutien Zénith</td><td>Support ticket software</td><td>Canada</td></tr>\n", ""),
    )
    p.add("07b-relay.md", *RELAY)


def v11(p: Policy) -> None:
    logs_fr = "Nous conservons ces journaux pendant 12 mois, puis nous les supprimons ou les rendons anonymes. Les journaux de sécurité liés à une enquête en cours peuvent être conservés jusqu’à la fin de celle-ci."
    logs_en = "We keep these logs for 12 months, then we delete them or make them anonymous. Security logs related to an ongoing investigation may be kept until the investigation ends."
    p.sub("02-information-we-collect.md", (logs_fr + "\n\n", ""), (logs_en + "\n\n", ""))
    p.sub(
        "08-retention.md",
        (
            "### Données des clients {#customer-data}",
            logs_fr.replace("ces journaux", "les journaux d’utilisation de la plateforme")
            + "\n\n### Données des clients {#customer-data}",
        ),
        (
            "### Customer data {#customer-data}",
            logs_en.replace("these logs", "platform usage logs") + "\n\n### Customer data {#customer-data}",
        ),
    )
    cai_fr = "Vous pouvez aussi porter plainte auprès de la [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/)."
    cai_en = "You may also file a complaint with the [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/)."
    p.sub("09-rights.md", ("\n\n" + cai_fr, ""), ("\n\n" + cai_en, ""))
    p.sub(
        "10-contact.md",
        ("directeur des opérations.", "directeur des opérations.\n\n" + cai_fr),
        ("Chief Operating Officer.", "Chief Operating Officer.\n\n" + cai_en),
    )


def v12(p: Policy) -> None:
    for lang, start, repl in (
        (
            "fr",
            "Voici les témoins que nous utilisons :",
            "La liste détaillée des témoins que nous utilisons est publiée sur notre page [Témoins](/legal/cookies).",
        ),
        (
            "en",
            "Here are the cookies we use:",
            "The detailed list of the cookies we use is published on our [Cookies](/legal/cookies) page.",
        ),
    ):
        text = p.files["05-cookies-and-trackers.md"][lang]
        i = text.index(start)
        j = text.index("| `nordet_csrf`")
        j = text.index("\n", j)
        p.files["05-cookies-and-trackers.md"][lang] = text[:i] + repl + text[j:]


def v13(p: Policy) -> None:
    p.sub(
        "09-rights.md",
        (
            "Vous pouvez :\n\n- demander l’accès aux renseignements personnels que nous détenons à votre sujet ;\n- en demander la rectification s’ils sont inexacts ou incomplets ;\n- retirer votre consentement à recevoir nos communications, à l’aide du lien de désabonnement de chaque courriel.",
            "Vous pouvez demander l’accès aux renseignements personnels que nous détenons à votre sujet et en demander la rectification s’ils sont inexacts ou incomplets. Vous pouvez aussi retirer votre consentement à recevoir nos communications, à l’aide du lien de désabonnement de chaque courriel.",
        ),
        (
            "You may:\n\n- request access to the personal information we hold about you;\n- request its correction if it is inaccurate or incomplete;\n- withdraw your consent to receive our communications, using the unsubscribe link in each email.",
            "You may request access to the personal information we hold about you and request its correction if it is inaccurate or incomplete. You may also withdraw your consent to receive our communications, using the unsubscribe link in each email.",
        ),
    )


def v14(p: Policy) -> None:
    p.drop("03d-deletion.md")
    p.sub(
        "08-retention.md",
        (
            "### Données des clients {#customer-data}",
            "Chaque type de données a une durée de conservation fixée à l’avance. Une tâche automatisée supprime chaque nuit les données dont la durée est échue.\n\n### Données des clients {#customer-data}",
        ),
        (
            "### Customer data {#customer-data}",
            "Each type of data has a retention period set in advance. An automated task deletes every night the data whose period has expired.\n\n### Customer data {#customer-data}",
        ),
    )
    p.sub(
        "03-how-we-use.md",
        (
            "Quatre principes guident notre travail ; chacun est décrit dans une section ci-dessous.",
            "Trois principes guident notre travail ; chacun est décrit dans une section ci-dessous. La suppression des données est décrite à la section sur la conservation.",
        ),
        (
            "Four principles guide our work; each is described in a section below.",
            "Three principles guide our work; each is described in a section below. The deletion of data is described in the section on retention.",
        ),
    )
    p.sub(
        "06-subprocessors.md",
        (
            "Nous vous informerons de tout ajout d’un sous-traitant au moins 30 jours à l’avance.",
            "Avant de communiquer des renseignements à l’extérieur du Québec, nous évaluons si ces renseignements y bénéficieront d’une protection adéquate. Nous vous informerons de tout ajout d’un sous-traitant au moins 30 jours à l’avance.",
        ),
        (
            "We will inform you of any new sub-processor at least 30 days in advance.",
            "Before disclosing information outside Quebec, we assess whether it will receive adequate protection there. We will inform you of any new sub-processor at least 30 days in advance.",
        ),
    )
    p.sub(
        "00-preamble.md",
        ("- au site nordet.example et à son blogue ;", "- au site nordet.example ;"),
        ("- the nordet.example site and its blog;", "- the nordet.example site;"),
    )
    p.sub(
        "07-opt-in-features.md",
        ("- **Rapports par courriel** : un résumé hebdomadaire est envoyé aux adresses choisies.\n", ""),
        ("- **Email reports**: a weekly summary is sent to the chosen addresses.\n", ""),
    )


# --------------------------------------------------------------------------- version 15: the rewrite
REWRITE = {
    "00-preamble.md": (
        """
        # Politique de confidentialité #

        Chez Nordet, nous aidons des entreprises à comprendre l’audience de leurs sites Web sans suivre les personnes d’un site à l’autre. Cette politique explique, en langage clair, quels renseignements personnels nous traitons, pourquoi, avec qui nous les partageons et comment exercer vos droits. Elle tient compte de la Loi 25, qui modernise la protection des renseignements personnels au Québec.

        Deux situations sont possibles. Si vous avez un compte Nordet ou si vous visitez notre site, Nordet est responsable de vos renseignements. Si vous visitez le site d’un de nos clients, c’est ce client qui est responsable ; nous traitons les données pour lui, selon ses instructions.
        """,
        """
        # Privacy Policy #

        At Nordet, we help businesses understand the audience of their websites without following people from one site to another. This policy explains, in plain language, what personal information we process, why, with whom we share it and how to exercise your rights. It takes into account Law 25, which modernizes the protection of personal information in Quebec.

        Two situations are possible. If you have a Nordet account or visit our site, Nordet is responsible for your information. If you visit the site of one of our customers, that customer is responsible; we process the data for them, according to their instructions.
        """,
    ),
    "01-summary.md": (
        """
        ## En bref ##

        - Nous ne vendons pas vos renseignements et nous ne faisons pas de publicité.
        - L’agent installé sur les sites de nos clients n’utilise aucun témoin et tronque les adresses IP.
        - Vos données sont hébergées au Canada.
        - Vous pouvez demander l’accès à vos renseignements, leur correction ou leur suppression en tout temps.
        """,
        """
        ## In Short ##

        - We do not sell your information and we do not advertise.
        - The agent installed on our customers’ sites uses no cookie and truncates IP addresses.
        - Your data is hosted in Canada.
        - You can ask for access to your information, its correction or its deletion at any time.
        """,
    ),
    "02-what-we-collect.md": (
        """
        ## Ce que nous recueillons

        ### Si vous avez un compte

        Votre nom, votre adresse de courriel professionnelle, votre entreprise et votre rôle, ainsi que l’adresse de facturation. Votre carte de paiement est traitée par notre fournisseur de paiement : nous n’en voyons que les quatre derniers chiffres.

        ### Données d’utilisation

        Quand vous utilisez la plateforme, nous notons ce que vous consultez et modifiez, l’heure, votre adresse IP et votre navigateur. Ces données servent à la sécurité de votre compte et à l’amélioration du produit.

        ### Pour le compte de nos clients

        L’agent transmet l’adresse de la page consultée, la page de provenance, la taille de l’écran et la langue du navigateur. L’adresse IP est tronquée avant tout enregistrement.

        #### Ce que l’agent ne recueille jamais

        Ni nom, ni adresse de courriel, ni contenu de formulaire, ni identifiant persistant permettant de vous reconnaître d’un site à l’autre.
        """,
        """
        ## What We Collect

        ### If you have an account

        Your name, business email address, company and role, as well as the billing address. Your payment card is processed by our payment provider: we see only its last four digits.

        ### Usage information

        When you use the platform, we record what you view and change, the time, your IP address and your browser. This data is used for the security of your account and to improve the product.

        ### On behalf of our customers

        The agent sends the address of the page viewed, the referring page, the screen size and the browser language. The IP address is truncated before anything is recorded.

        #### What the agent never collects

        No name, no email address, no form content, and no persistent identifier that would let anyone recognize you from one site to another.
        """,
    ),
    "03-purposes.md": (
        """
        ## Pourquoi nous les utilisons

        Nous utilisons vos renseignements seulement pour :

        1. vous donner accès à la plateforme et gérer votre abonnement ;
        2. vous facturer ;
        3. vous aider lorsque vous communiquez avec le soutien ;
        4. protéger les comptes et détecter les abus, à partir des [données d’utilisation](#donnees-dutilisation) ;
        5. vous prévenir des changements qui vous touchent.

        Toute autre utilisation exige votre consentement. Certaines fonctions ne sont actives que si vous les choisissez : voyez les [fonctions optionnelles](#optional-features).
        """,
        """
        ## Why We Use It

        We use your information only to:

        1. give you access to the platform and manage your subscription;
        2. bill you;
        3. help you when you contact support;
        4. protect accounts and detect abuse, based on [usage information](#usage-information);
        5. warn you of changes that affect you.

        Any other use requires your consent. Some features are active only if you choose them: see the [optional features](#optional-features).
        """,
    ),
    "04-agent-telemetry.md": (
        """
        <a id="telemetry"></a>
        ## Télémétrie de l’agent

        L’agent nous envoie des données sur son propre fonctionnement (version, temps de chargement, erreurs), jamais sur les visiteurs. Elles nous servent à repérer les pannes. Nos clients peuvent couper la télémétrie sous `Paramètres > Agent`.
        """,
        """
        <a id="telemetry"></a>
        ## Agent Telemetry

        The agent sends us data about its own operation (version, loading time, errors), never about visitors. We use it to spot outages. Our customers can switch telemetry off under `Settings > Agent`.
        """,
    ),
    "05-cookies-and-trackers.md": (
        """
        ## Témoins et autres traceurs

        Notre site et la plateforme n’utilisent que des témoins nécessaires : la session, la protection des formulaires et vos préférences d’affichage. Nous n’utilisons ni pixel publicitaire ni empreinte du navigateur. La liste complète est sur notre page [Témoins](/legal/cookies).
        """,
        """
        ## Cookies and Other Trackers

        Our site and the platform use only necessary cookies: the session, form protection and your display preferences. We use no advertising pixel and no browser fingerprinting. The full list is on our [Cookies](/legal/cookies) page.
        """,
    ),
    "06-sharing.md": (
        """
        ## Avec qui nous les partageons

        Nous partageons des renseignements seulement avec les fournisseurs qui nous aident à offrir le service, liés par contrat :

        <table class="subprocessors">
          <thead>
            <tr><th>Fournisseur</th><th>Rôle</th><th>Lieu</th></tr>
          </thead>
          <tbody>
            <tr><td>Hébergement Saint-Laurent</td><td>Serveurs et sauvegardes</td><td>Montréal</td></tr>
            <tr><td>Courriel Boréal</td><td>Courriels transactionnels</td><td>Canada</td></tr>
            <tr><td>PayNorth</td><td>Paiements</td><td>Canada et États-Unis</td></tr>
            <tr><td>Traduction Mosaïque</td><td>Traduction des demandes de soutien</td><td>Québec</td></tr>
          </tbody>
        </table>

        Avant tout transfert hors du Québec, nous faisons une évaluation des facteurs relatifs à la vie privée. Nous annonçons chaque nouveau fournisseur 30 jours à l’avance.
        """,
        """
        ## Who We Share It With

        We share information only with the providers that help us offer the service, bound by contract:

        <table class="subprocessors">
          <thead>
            <tr><th>Provider</th><th>Role</th><th>Location</th></tr>
          </thead>
          <tbody>
            <tr><td>Hébergement Saint-Laurent</td><td>Servers and backups</td><td>Montreal</td></tr>
            <tr><td>Courriel Boréal</td><td>Transactional emails</td><td>Canada</td></tr>
            <tr><td>PayNorth</td><td>Payments</td><td>Canada and United States</td></tr>
            <tr><td>Traduction Mosaïque</td><td>Translation of support requests</td><td>Quebec</td></tr>
          </tbody>
        </table>

        Before any transfer outside Quebec, we carry out a privacy impact assessment. We announce each new provider 30 days in advance.
        """,
    ),
    "07-opt-in-features.md": (
        """
        ## Fonctions optionnelles {: #optional-features }

        Ces fonctions sont désactivées tant qu’un administrateur de votre espace de travail ne les active pas :

        - **Parcours** : l’ordre des pages vues pendant une visite, pour les entonnoirs de conversion.
        - **Tableaux de bord publics** : un lien que toute personne peut ouvrir sans compte.

        La [télémétrie](#telemetry) peut aussi être désactivée.
        """,
        """
        ## Optional Features {: #optional-features }

        These features stay off until an administrator of your workspace turns them on:

        - **Journeys**: the order of the pages viewed during a visit, for conversion funnels.
        - **Public dashboards**: a link that anyone can open without an account.

        [Telemetry](#telemetry) can also be turned off.
        """,
    ),
    "07b-relay.md": (
        """
        ## <span class="product">Nordet</span> Relay

        Avec Relay, l’agent envoie ses données à un sous-domaine du site du client, qui les relaie aussitôt à la plateforme. Relay ne garde rien.
        """,
        """
        ## <span class="product">Nordet</span> Relay

        With Relay, the agent sends its data to a subdomain of the customer’s site, which immediately relays it to the platform. Relay keeps nothing.
        """,
    ),
    "08-retention.md": (
        """
        ## Combien de temps nous les gardons

        ### Durées {#retention-periods}

        | Renseignements | Durée |
        | --- | --- |
        | Compte | Durée de l’abonnement, plus 90 jours |
        | Facturation | 7 ans |
        | Journaux d’utilisation | 12 mois |
        | Données d’audience des clients | 6 à 25 mois, au choix du client |

        Une tâche automatisée supprime chaque nuit ce qui est échu.
        """,
        """
        ## How Long We Keep It

        ### Periods {#retention-periods}

        | Information | Period |
        | --- | --- |
        | Account | Length of the subscription, plus 90 days |
        | Billing | 7 years |
        | Usage logs | 12 months |
        | Customers’ audience data | 6 to 25 months, as the customer chooses |

        An automated task deletes every night whatever has expired.
        """,
    ),
    "09-rights.md": (
        """
        ## Vos droits ##

        Vous pouvez demander l’accès à vos renseignements, leur rectification, leur suppression ou leur portabilité, et retirer votre consentement. Utilisez le [formulaire de demande](/assets/forms/access-request.pdf) ou écrivez-nous ; les [durées de conservation](#retention-periods) s’appliquent entre-temps.

        Nous répondons dans les 30 jours.
        {: .notice }
        """,
        """
        ## Your Rights ##

        You can ask for access to your information, its correction, its deletion or its portability, and withdraw your consent. Use the [request form](/assets/forms/access-request.pdf) or write to us; the [retention periods](#retention-periods) apply in the meantime.

        We respond within 30 days.
        {: .notice }
        """,
    ),
    "10-contact.md": (
        """
        ## Nous joindre

        Antoine Lefebvre-Nguyen, responsable de la protection des renseignements personnels␣␣
        Analytique Nordet inc., 5445, avenue de Gaspé, bureau 610, Montréal (Québec) H2T 3B2␣␣
        confidentialite@nordet.example

        Si notre réponse ne vous satisfait pas, vous pouvez vous adresser à la [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/).
        """,
        """
        ## Contact Us

        Antoine Lefebvre-Nguyen, person in charge of the protection of personal information␣␣
        Nordet Analytics Inc., 5445 De Gaspé Avenue, Suite 610, Montreal, Quebec H2T 3B2␣␣
        confidentialite@nordet.example

        If you are not satisfied with our answer, you may contact the [Commission d’accès à l’information](https://www.cai.gouv.qc.ca/).
        """,
    ),
}


def v15(p: Policy) -> None:
    for name in list(p.files):
        p.drop(name)
    for name, (fr, en) in REWRITE.items():
        p.add(name, fr, en)


# --------------------------------------------------------------------------- versions 16-23
def v16(p: Policy) -> None:
    p.sub(
        "06-sharing.md",
        [
            (
                "<td>Serveurs et sauvegardes</td><td>Montréal</td>",
                "<td>Serveurs et sauvegardes</td><td>Montréal et Québec</td>",
            ),
            ("<td>Courriels transactionnels</td>", "<td>Courriels transactionnels et infolettre</td>"),
        ],
        [
            (
                "<td>Servers and backups</td><td>Montreal</td>",
                "<td>Servers and backups</td><td>Montreal and Quebec City</td>",
            ),
            ("<td>Transactional emails</td>", "<td>Transactional emails and newsletter</td>"),
        ],
    )
    p.sub(
        "04-agent-telemetry.md",
        (
            "Elles nous servent à repérer les pannes.",
            "Elles nous servent à repérer les pannes et à mesurer l’effet de nos mises à jour sur la vitesse des sites.",
        ),
        (
            "We use it to spot outages.",
            "We use it to spot outages and to measure the effect of our updates on site speed.",
        ),
    )


def v17(p: Policy) -> None:
    p.rename("09-rights.md", "01b-rights.md")


def v18(p: Policy) -> None:
    p.sub(
        "01b-rights.md",
        ("(/assets/forms/access-request.pdf)", "(/assets/forms/access-request-2024.pdf)"),
        ("(/assets/forms/access-request.pdf)", "(/assets/forms/access-request-2024.pdf)"),
    )


def v19(p: Policy) -> None:
    p.sub(
        "01b-rights.md",
        (
            "Vous pouvez demander l’accès à vos renseignements, leur rectification, leur suppression ou leur portabilité, et retirer votre consentement.",
            "Vous pouvez demander :\n\n- l’accès à vos renseignements ;\n- leur rectification ;\n- leur suppression ;\n- leur portabilité, dans un format structuré et couramment utilisé.\n\nVous pouvez aussi retirer votre consentement.",
        ),
        (
            "You can ask for access to your information, its correction, its deletion or its portability, and withdraw your consent.",
            "You can ask for:\n\n- access to your information;\n- its correction;\n- its deletion;\n- its portability, in a structured and commonly used format.\n\nYou can also withdraw your consent.",
        ),
    )


ASSISTANT = (
    """
    ## Assistant d’analyse

    L’assistant d’analyse répond en langage naturel aux questions sur vos tableaux de bord. Il est offert sur demande aux clients des forfaits Affaires et Entreprise.

    ### Données utilisées

    L’assistant utilise les statistiques agrégées de votre espace de travail et le texte de votre question. Le modèle est exécuté sur nos serveurs de Montréal.

    #### Ce que le modèle ne voit pas

    Le modèle n’a pas accès aux événements individuels ni aux adresses IP, même tronquées. Vos questions ne servent pas à entraîner le modèle.
    """,
    """
    ## Analysis Assistant

    The analysis assistant answers questions about your dashboards in natural language. It is available on request to customers on the Business and Enterprise plans.

    ### Data used

    The assistant uses your workspace’s aggregated statistics and the text of your question. The model runs on our servers in Montreal.

    #### What the model does not see

    The model has no access to individual events or to IP addresses, even truncated. Your questions are not used to train the model.
    """,
)


def v20(p: Policy) -> None:
    p.add("07c-assistant.md", *ASSISTANT)
    p.sub(
        "01-summary.md",
        (
            "- Vos données sont hébergées au Canada.",
            "- Vos données sont hébergées au Canada, y compris celles de l’assistant d’analyse.",
        ),
        (
            "- Your data is hosted in Canada.",
            "- Your data is hosted in Canada, including the analysis assistant’s data.",
        ),
    )


def v21(p: Policy) -> None:
    p.sub(
        "06-sharing.md",
        [
            ("<tr><td>Traduction Mosaïque</td><td>Traduction des demandes de soutien</td><td>Québec</td></tr>\n", ""),
            ("<td>Canada et États-Unis</td>", "<td>Canada</td>"),
        ],
        [
            ("<tr><td>Traduction Mosaïque</td><td>Translation of support requests</td><td>Quebec</td></tr>\n", ""),
            ("<td>Canada and United States</td>", "<td>Canada</td>"),
        ],
    )
    p.sub(
        "08-retention.md",
        (
            "| Journaux d’utilisation | 12 mois |",
            "| Journaux d’utilisation | 12 mois |\n| Questions posées à l’assistant | 30 jours |",
        ),
        ("| Usage logs | 12 months |", "| Usage logs | 12 months |\n| Questions asked to the assistant | 30 days |"),
    )
    p.sub(
        "00-preamble.md",
        ("Cette politique explique, en langage clair,", "Cette politique vous explique simplement"),
        ("This policy explains, in plain language,", "This policy explains simply"),
    )


def v22(p: Policy) -> None:
    p.transform(dash_to_star)
    p.transform(trailing_space, ["02-what-we-collect.md", "03-purposes.md", "07c-assistant.md"])


def v23(p: Policy) -> None:
    p.sub(
        "07-opt-in-features.md",
        (
            "* **Tableaux de bord publics** : un lien que toute personne peut ouvrir sans compte.",
            "* **Tableaux de bord publics** : un lien que toute personne peut ouvrir sans compte.\n* **Exportation automatique** : une copie quotidienne des statistiques vers l’entrepôt de données du client :\n    * au format CSV ;\n    * au format Parquet.",
        ),
        (
            "* **Public dashboards**: a link that anyone can open without an account.",
            "* **Public dashboards**: a link that anyone can open without an account.\n* **Automatic export**: a daily copy of the statistics to the customer’s data warehouse:\n    * in CSV format;\n    * in Parquet format.",
        ),
    )
    p.sub(
        "02-what-we-collect.md",
        (
            "Ces données servent à la sécurité de votre compte et à l’amélioration du produit.",
            "Nous utilisons ces données pour protéger votre compte et, sous forme agrégée, pour améliorer le produit.",
        ),
        (
            "This data is used for the security of your account and to improve the product.",
            "We use this data to protect your account and, in aggregate form, to improve the product.",
        ),
    )


VERSIONS = [
    Version(
        "2016-05-16",
        "Première version de la politique de confidentialité de Nordet.",
        "First version of Nordet’s privacy policy.",
        significant=True,
        covers=[
            "setext",
            "subheadings",
            "attr-heading",
            "attr-subheading",
            "anchor-line",
            "inpage-links",
            "html-table",
            "lists",
            "links",
            "inline",
        ],
    ),
    Version(
        "2016-11-01",
        "Formation des utilisateurs et statistiques anonymes ajoutées aux fins ; précision sur la mesure de notre site.",
        "User training and anonymous statistics added to the purposes; clarification on how we measure our site.",
        v02,
        covers=["reword", "list-items"],
    ),
    Version(
        "2017-04-10",
        "Nouveau sous-traitant pour le soutien technique ; les infolettres passent par Courriel Boréal.",
        "New sub-processor for technical support; newsletters go through Courriel Boréal.",
        v03,
        covers=["html-table"],
    ),
    Version(
        "2017-10-23",
        "Mise en forme des fichiers sources seulement ; le texte publié est identique.",
        "Source formatting only; the published text is identical.",
        v04,
        covers=["rewrap", "trailing-spaces", "no-render-change"],
    ),
    Version(
        "2018-05-25",
        "Tableau des témoins utilisés sur notre site et la plateforme.",
        "Table of the cookies used on our site and the platform.",
        v05,
        published="2018-05-11",
        significant=True,
        covers=["md-table", "table-added-removed", "inline"],
    ),
    Version(
        "2018-09-10",
        "Adresses de l’entente de traitement des données et du formulaire de demande mises à jour.",
        "Addresses of the data processing agreement and of the request form updated.",
        v06,
        covers=["link-target-only", "links"],
    ),
    Version(
        "2019-02-18",
        "La section « Témoins » devient « Témoins et autres traceurs » ; durée du témoin de préférences réduite.",
        "The “Cookies” section becomes “Cookies and Other Trackers”; the preferences cookie is kept for a shorter time.",
        v07,
        covers=["retitle-rename", "md-table"],
    ),
    Version(
        "2019-06-04",
        "Délai de réponse aux demandes précisé ; photo de profil facultative.",
        "Response time for requests specified; optional profile picture.",
        v08,
        covers=["attr-paragraph", "reword"],
    ),
    Version(
        "2019-11-12",
        "Nos quatre principes sont maintenant expliqués chacun dans sa propre section.",
        "Our four principles are now each explained in their own section.",
        v09,
        covers=["sentences-to-sections", "sections-added-removed"],
    ),
    Version(
        "2020-03-30",
        "Nouveau service Relay ; fin du recours au logiciel de soutien Zénith.",
        "New Relay service; we no longer use the Zénith support software.",
        v10,
        significant=True,
        covers=["html-table", "html-heading", "sections-added-removed"],
    ),
    Version(
        "2020-09-14",
        "Réorganisation : la conservation des journaux est décrite avec les autres durées, et le recours à la Commission avec nos coordonnées.",
        "Reorganization: log retention is described with the other periods, and recourse to the Commission with our contact details.",
        v11,
        covers=["paragraph-moved"],
    ),
    Version(
        "2021-02-01",
        "Le tableau des témoins est remplacé par un lien vers notre page Témoins.",
        "The cookie table is replaced with a link to our Cookies page.",
        v12,
        covers=["table-added-removed", "md-table", "links"],
    ),
    Version(
        "2021-08-16",
        "La liste de vos droits est réécrite en un paragraphe.",
        "The list of your rights is rewritten as a paragraph.",
        v13,
        covers=["list-paragraph"],
    ),
    Version(
        "2022-01-10",
        "Fin du blogue et des rapports par courriel ; la suppression des données est décrite avec la conservation ; évaluation avant tout transfert hors du Québec.",
        "End of the blog and of email reports; the deletion of data is described with retention; assessment before any transfer outside Quebec.",
        v14,
        covers=["sections-added-removed", "list-items", "paragraph-moved"],
    ),
    Version(
        "2022-09-22",
        "Politique entièrement réécrite en langage clair pour la Loi 25.",
        "Policy entirely rewritten in plain language for Law 25.",
        v15,
        published="2022-08-22",
        significant=True,
        covers=[
            "rewrite",
            "atx-closing",
            "anchor-line",
            "attr-heading",
            "attr-subheading",
            "html-heading",
            "inpage-links",
            "subheadings",
            "md-table",
            "attr-paragraph",
            "links",
        ],
    ),
    Version(
        "2023-03-06",
        "Sauvegardes à Québec ; l’infolettre passe par Courriel Boréal ; usage de la télémétrie précisé.",
        "Backups in Quebec City; the newsletter goes through Courriel Boréal; use of telemetry clarified.",
        v16,
        covers=["html-table", "reword"],
    ),
    Version(
        "2023-09-22",
        "La section sur vos droits est déplacée au début de la politique.",
        "The section on your rights is moved to the beginning of the policy.",
        v17,
        covers=["section-moved"],
    ),
    Version(
        "2024-02-12",
        "Nouvelle adresse du formulaire de demande ; aucun changement au texte.",
        "New address of the request form; no change to the text.",
        v18,
        covers=["link-target-only"],
    ),
    Version(
        "2024-08-19",
        "Vos droits sont présentés sous forme de liste ; la portabilité est précisée.",
        "Your rights are presented as a list; portability is clarified.",
        v19,
        covers=["list-paragraph", "lists"],
    ),
    Version(
        "2025-01-20",
        "Nouvel assistant d’analyse, exécuté au Canada.",
        "New analysis assistant, run in Canada.",
        v20,
        significant=True,
        covers=["sections-added-removed", "subheadings"],
    ),
    Version(
        "2025-06-30",
        "Paiements traités au Canada seulement ; fin du recours à Traduction Mosaïque ; conservation des questions à l’assistant.",
        "Payments processed in Canada only; we no longer use Traduction Mosaïque; retention of questions asked to the assistant.",
        v21,
        covers=["html-table", "md-table", "reword"],
    ),
    Version(
        "2026-02-09",
        "Mise en forme des fichiers sources seulement ; le texte publié est identique.",
        "Source formatting only; the published text is identical.",
        v22,
        covers=["list-markers", "trailing-spaces", "no-render-change"],
    ),
    Version(
        "2026-10-05",
        "Nouvelle fonction optionnelle d’exportation automatique ; utilisation des données d’utilisation précisée.",
        "New optional automatic export feature; use of usage information clarified.",
        v23,
        covers=["reword", "list-items", "lists"],
    ),
]
