"""Email to subscribers: who they are (`store`), what they get (`compose`), how it leaves (`send`),
and the public web service where they subscribe and unsubscribe (`web`).

One SQLite file holds everything: subscribers with their proof of consent, the
log of what happened to each, the delivery ledger and the pending web
subscriptions. Its schema is versioned (`store.MIGRATIONS`), so a store made by
an older release upgrades in place when it is opened.
"""
