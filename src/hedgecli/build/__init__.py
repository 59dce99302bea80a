"""The offline data build: raw public datasets and the events table -> data/indicators.json.

One module per domain (trade, engagement, security, politics, geometry), what they share in
common.py, the driver in main.py. The runtime never imports this package: a user who only scores
pays nothing for it. Run it with `python scripts/build_data.py --raw ../shared/data-raw`.
"""
