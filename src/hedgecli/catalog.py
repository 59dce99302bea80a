"""The data's catalogue: every source the build cites and every indicator it writes, with the
words `hedge sources`, `hedge score` and docs/DATA.md show. Data, not logic."""

from __future__ import annotations

SOURCES = {
    "cow-trade": {
        "title": "Correlates of War Project Trade Data Set, version 4.0",
        "publisher": "Correlates of War Project",
        "url": "https://correlatesofwar.org/data-sets/bilateral-trade/",
        "licence": "free for research use with citation",
        "citation": "Barbieri, K. and Keshk, O.M.G. (2016), Correlates of War Project Trade Data Set "
                    "Codebook, Version 4.0; Barbieri, Keshk and Pollins (2009), Conflict Management "
                    "and Peace Science 26(5): 471-491.",
        "coverage": "all states, 1870-2014 (used: 2000-2014)",
    },
    "census-gacc-trade": {
        "title": "Trade in Goods by Country (US Census Bureau) and China's customs statistics "
                 "(General Administration of Customs of China)",
        "publisher": "US Census Bureau; General Administration of Customs of the PRC",
        "url": "https://www.census.gov/foreign-trade/balance/index.html",
        "licence": "public domain (US government work); GACC statistics public",
        "citation": "US Census Bureau, Trade in Goods by Country, 2024; GACC, China customs "
                    "statistics, 2024 (convenience copy: IshaPatro/global-trade-dominance).",
        "coverage": "~230 countries, 2000 and 2024 (used: 2024)",
    },
    "aei-cgit": {
        "title": "China Global Investment Tracker",
        "publisher": "American Enterprise Institute and The Heritage Foundation",
        "url": "https://www.aei.org/china-global-investment-tracker/",
        "licence": "available for public use with citation",
        "citation": "Scissors, D., China Global Investment Tracker, American Enterprise Institute, "
                    "2025 edition (investments, transactions of US$100m or more).",
        "coverage": "~150 host countries, 2005-2025H1 (used: 5-year sums ending 2009-2024)",
    },
    "gfdc-bri": {
        "title": "Countries of the Belt and Road Initiative",
        "publisher": "Green Finance & Development Center, FISF Fudan University",
        "url": "https://greenfdc.org/countries-of-the-belt-and-road-initiative-bri/",
        "licence": "free with citation",
        "citation": "Nedopil, C. (2023), Countries of the Belt and Road Initiative, Shanghai, Green "
                    "Finance & Development Center, FISF Fudan University (December 2023 version).",
        "coverage": "151 signatory countries with likely join and exit dates (used: 2013-2024)",
    },
    "aei-cgit-construction": {
        "title": "China Global Investment Tracker: construction contracts",
        "publisher": "American Enterprise Institute and The Heritage Foundation",
        "url": "https://www.aei.org/china-global-investment-tracker/",
        "licence": "available for public use with citation",
        "citation": "Scissors, D., China Global Investment Tracker, Fall 2019 edition (construction "
                    "contracts of US$100m or more).",
        "coverage": "~150 host countries, 2005-2019 (used: 5-year sums ending 2009-2019)",
    },
    "aiddata-gcdf3": {
        "title": "Global Chinese Development Finance Dataset, Version 3.0",
        "publisher": "AidData at William & Mary",
        "url": "https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0",
        "licence": "CC BY 4.0",
        "citation": "Custer, S. et al. (2023), Tracking Chinese Development Finance: An Application of "
                    "AidData's TUFF 3.0 Methodology, AidData at William & Mary.",
        "coverage": "165 low- and middle-income recipients, 2000-2021 (used: 5-year sums ending 2004-2021)",
    },
    "unga-agreement": {
        "title": "United Nations General Assembly Voting Data: roll calls",
        "publisher": "Erik Voeten, Harvard Dataverse (via the unvotes package)",
        "url": "https://hdl.handle.net/1902.1/12379",
        "licence": "free with citation",
        "citation": "Voeten, E. (2013), Data and Analyses of Voting in the UN General Assembly, in "
                    "Routledge Handbook of International Organization.",
        "coverage": "all UN members, 1946-2019 (used: 2000-2019)",
    },
    "atop-5": {
        "title": "Alliance Treaty Obligations and Provisions (ATOP), version 5.0",
        "publisher": "ATOP project (Leeds et al.)",
        "url": "http://www.atopdata.org",
        "licence": "free for research use with citation",
        "citation": "Leeds, B.A., Ritter, J.M., Mitchell, S.M. and Long, A.G. (2002), International "
                    "Interactions 28: 237-260; ATOP version 5.0.",
        "coverage": "all states, 1815-2018 (used: 2000-2018)",
    },
    "dmdc-troops": {
        "title": "Military and civilian personnel by location (DMDC), compiled as troopdata",
        "publisher": "US Defense Manpower Data Center; Allen, Flynn and Martinez Machain",
        "url": "https://dwp.dmdc.osd.mil/dwp/app/dod-data-reports/workforce-reports",
        "licence": "public domain (US government work); compilation GPL-3",
        "citation": "Allen, M.A., Flynn, M.E. and Martinez Machain, C. (2021), Global U.S. military "
                    "deployment data: 1950-2020, Conflict Management and Peace Science, "
                    "doi:10.1177/07388942211030885; DMDC quarterly reports to 2025.",
        "coverage": "~200 countries, 1950-2025 (used: 2000-2025, active-duty personnel)",
    },
    "sipri-at": {
        "title": "SIPRI Arms Transfers Database",
        "publisher": "Stockholm International Peace Research Institute",
        "url": "https://www.sipri.org/databases/armstransfers",
        "licence": "reuse permitted with attribution",
        "citation": "SIPRI Arms Transfers Database, trend-indicator values, data generated "
                    "28 July 2022.",
        "coverage": "~170 recipients, 1950-2021 (used: 5-year sums ending 2000-2021)",
    },
    "unga-ideal-points": {
        "title": "United Nations General Assembly Voting Data: ideal point estimates",
        "publisher": "Erik Voeten, Harvard Dataverse",
        "url": "https://hdl.handle.net/1902.1/12379",
        "licence": "free with citation",
        "citation": "Bailey, M.A., Strezhnev, A. and Voeten, E. (2017), Estimating dynamic state "
                    "preferences from United Nations voting data, Journal of Conflict Resolution "
                    "61(2): 430-456; ideal points release of July 2025.",
        "coverage": "all UN members, 1946-2024 (used: final-passage votes, 2000-2024)",
    },
    "asean-members": {
        "title": "ASEAN Member States",
        "publisher": "Association of Southeast Asian Nations (ASEAN Secretariat)",
        "url": "https://asean.org/member-states/",
        "licence": "public web page",
        "citation": "ASEAN Secretariat, ASEAN Member States (the ten members, admitted 1967-1999).",
        "coverage": "the ten member states",
    },
    "eu-members": {
        "title": "EU countries",
        "publisher": "European Union (european-union.europa.eu)",
        "url": "https://european-union.europa.eu/principles-countries-history/eu-countries_en",
        "licence": "public web page (reuse authorised with acknowledgement)",
        "citation": "European Union, EU countries (the 27 member states since 2020).",
        "coverage": "the 27 member states",
    },
    "g7-members": {
        "title": "G7 members",
        "publisher": "German Federal Government (G7 presidency 2022)",
        "url": "https://www.g7germany.de/g7-en/g7-summit/g7-members",
        "licence": "public web page",
        "citation": "G7 members: Canada, France, Germany, Italy, Japan, the United Kingdom, the United States "
                    "(and the EU), as the presidencies list them.",
        "coverage": "the seven members",
    },
    "nato-members": {
        "title": "NATO member countries",
        "publisher": "North Atlantic Treaty Organization",
        "url": "https://www.nato.int/cps/en/natohq/topics_52044.htm",
        "licence": "public web page",
        "citation": "NATO, Member countries (the 32 members and the year each joined; the years checked "
                    "against The Guardian's accession map of March 2024).",
        "coverage": "the 32 members and the year each joined",
    },
    "us-mnna-designations": {
        "title": "22 U.S. Code 2321k: Designation of major non-NATO allies, and the determinations under it",
        "publisher": "Office of the Law Revision Counsel, US House of Representatives",
        "url": "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title22-section2321k&num=0&edition=prelim",
        "licence": "public domain (US government work)",
        "citation": "22 U.S.C. 2321k and its notes (designations by statute and Presidential Determination); "
                    "each designation year cited in data/events.csv.",
        "coverage": "every Major Non-NATO Ally, with the year of designation",
    },
    "imf-imts": {
        "title": "International Trade in Goods (by partner country), IMTS",
        "publisher": "International Monetary Fund",
        "url": "https://data.imf.org/",
        "licence": "IMF terms of use: free reuse with attribution",
        "citation": "International Monetary Fund, International Trade in Goods (by partner country), "
                    "dataset IMF.STA:IMTS(1.0.0): exports FOB and imports CIF of China and of the United "
                    "States with every partner, 2001-2024 (convenience copy: rizqikapratamaa/tubes2-visdat, "
                    "2025).",
        "coverage": "China's and the US's goods trade with 238 partners, yearly 2001-2024 (mirror view: as "
                    "China and the US record it)",
    },
    "imf-dots": {
        "title": "Direction of Trade Statistics: exports, FOB, to partner countries",
        "publisher": "International Monetary Fund",
        "url": "https://data.imf.org/",
        "licence": "IMF terms of use: free reuse with attribution",
        "citation": "International Monetary Fund, Direction of Trade Statistics (DOTS), Exports FOB to "
                    "Partner Countries, vintage of spring 2022 (convenience copy: SamLeBlanc/Direction-of-Trade-Map).",
        "coverage": "each reporter's own exports to the world, China (mainland) and the US, 2000-2020",
    },
    "wdi-gdp": {
        "title": "World Development Indicators: GDP (current US$), NY.GDP.MKTP.CD",
        "publisher": "World Bank",
        "url": "https://data.worldbank.org/indicator/NY.GDP.MKTP.CD",
        "licence": "CC BY 4.0",
        "citation": "World Bank, World Development Indicators, GDP (current US$), NY.GDP.MKTP.CD, 2025 "
                    "vintage (convenience copy: EetuHolmi/AirPollutionAnalysis).",
        "coverage": "266 economies, 1960-2024 (used: 2000-2024)",
    },
    "un-china-statements": {
        "title": "Joint statements on Xinjiang and Hong Kong at the UN Human Rights Council and the "
                 "General Assembly's Third Committee, and the Council's vote of 6 Oct 2022",
        "publisher": "Compiled for hedge from the government, UN and news pages cited per statement",
        "url": None,
        "licence": "facts (lists of states) from public pages",
        "citation": "Statements and the pages their signatory lists are taken from: "
                    "8 Jul 2019 HRC41 letter critical of China (22; EurAsian Times); 12 Jul 2019 HRC41 "
                    "letter A/HRC/41/G/17 supporting China (50; transcription of the UN document's annex); "
                    "30 Jun 2020 HRC44 statements on Hong Kong, Cuba's supporting (53) and the UK's critical "
                    "(27) (Axios); 6 Oct 2020 UNGA Third Committee, Germany's critical statement (39; Apple "
                    "Daily, The Diplomat) and Cuba's supporting statement on Xinjiang (45; forum post, count "
                    "as Xinhua's); 22 Jun 2021 HRC47 Canada's critical statement (list incomplete: not "
                    "used); 14 Jun 2022 HRC50 the Netherlands' critical statement (47; government.nl); "
                    "13 Sep 2022 HRC51 China's Item 2 statement (28; PRC Mission Geneva); 6 Oct 2022 HRC51 "
                    "vote on A/HRC/51/L.6 (17 yes, 19 no, 11 abstentions; Uyghur Times, AFP); 31 Oct 2022 "
                    "UNGA Third Committee, Canada's critical statement (50; nhub.news, Global News); "
                    "18 Oct 2023 UNGA Third Committee, the UK's critical statement (51; FCDO text via "
                    "ukuyghurs.org). Each statement's page is listed in docs/DATA.md.",
        "coverage": "every UN member, 2019-2023 (values for the five years ending 2019-2024)",
    },
    "sipri-at-2026": {
        "title": "SIPRI Arms Transfers Database (public TIV tables, every supplier)",
        "publisher": "Stockholm International Peace Research Institute",
        "url": "https://www.sipri.org/databases/armstransfers",
        "licence": "reuse permitted with attribution",
        "citation": "SIPRI Arms Transfers Database, trend-indicator values of deliveries by supplier and "
                    "recipient, data as of October 2026 (convenience copy: tomasgonz/worldcountrygroups).",
        "coverage": "169 recipients and 77 suppliers, 2015-2025 (used: five-year windows ending 2019-2025)",
    },
    "aiddata-pd": {
        "title": "China's Public Diplomacy Dashboard Dataset, Version 2.0",
        "publisher": "AidData at William & Mary",
        "url": "https://www.aiddata.org/data/chinas-public-diplomacy-dashboard-dataset-version-2",
        "licence": "free with citation",
        "citation": "Custer, S., Russell, B., DiLorenzo, M., Cheng, M., Ghose, S., Sims, J., Turner, J. and "
                    "Desai, H. (2018), Ties That Bind: Quantifying China's public diplomacy and its \"good "
                    "neighbor\" effect, AidData at William & Mary (dataset version 2.0).",
        "coverage": "25 East Asia-Pacific states (2000-2016) and 13 South and Central Asian states (2000-2018)",
    },
    "not-yet": {
        "title": "Before it existed, or before the state entered it: a true zero",
        "publisher": "hedge (a rule, not a source of its own)",
        "url": None,
        "licence": None,
        "citation": "No state could take part in what did not exist yet: the Belt and Road (announced 2013), "
                    "the UN joint statements on Xinjiang "
                    "and Hong Kong (from July 2019). And a state that joined the AIIB, was designated a Major "
                    "Non-NATO Ally, brought an FTA with China into force or gained a renminbi clearing bank in a "
                    "year was not in before it. Those years are recorded 0 (docs/DATA.md, 'What did not exist yet').",
        "coverage": "the years before each began or before the state's entry, for the states with a later value",
    },
    "ceias-travel": {
        "title": "WHO | WHERE | WHEN: International travel of the Chinese leaders (1949-2020), version 1.1",
        "publisher": "Central European Institute of Asian Studies (CEIAS)",
        "url": "https://who-where-when.ceias.eu",
        "licence": "free with citation (none stated)",
        "citation": "Turcsanyi, R., Eckert, M., Simalcik, M. and Majsniarova, N. (2021), WHO | WHERE | WHEN - "
                    "International travel of the Chinese leaders (1949-2020), dataset v1.1, CEIAS.",
        "coverage": "trips abroad of China's presidents and premiers, every country, 1949-2020 (used: 1990-2020)",
    },
    "vitae-visits": {
        "title": "China Vitae: activities of China's top leaders (visits to China by foreign heads of state "
                 "and government, approximate)",
        "publisher": "China Vitae (Carnegie Endowment for International Peace), as scraped by G. B. Walker (2018)",
        "url": "https://www.chinavitae.com",
        "licence": "none stated; Carnegie's content, cited",
        "citation": "China Vitae (Carnegie Endowment), leader activity pages, 2003-2018, as scraped in "
                    "github.com/gbwalker/chinese-diplomacy-and-financing (2018).",
        "coverage": "the 55 countries of hedge 1-2, 2003-2018; a lower bound (gaps in 2007-08 and 2017-18)",
    },
    "visits-table": {
        "title": "hedge's table of cited leader visits (data/visits.csv)",
        "publisher": "hedge, from the cited pages (China's Ministry of Foreign Affairs, Xinhua, Reuters, "
                     "governments' own sites): one page per visit",
        "url": None,
        "licence": "each row cites its page",
        "citation": "hedge, data/visits.csv: visits by heads of state or government to China (from 2019) and "
                    "by China's president and premier (from 2021), one cited page per visit.",
        "coverage": "every covered country; to China from 2019, from China from 2021",
    },
    "confrontations-table": {
        "title": "China's force against covered states (data/confrontations.csv)",
        "publisher": "hedge, one cited page (government or news of record) per incident",
        "url": None,
        "licence": "each row cites its page",
        "citation": "hedge, data/confrontations.csv: years in which China's armed forces, coast guard or maritime "
                    "militia used, threatened or displayed force against a covered state, one cited page per "
                    "incident, coded by the rule in data/confrontations.README.md.",
        "coverage": "every covered country searched, 2000-2024 (a state with no row had none found)",
    },
    "china-ceec": {
        "title": "China-CEEC (16+1/17+1) participation, from the founding communique and the exits",
        "publisher": "Chinese Embassy in Slovakia (press communique, 2012); Prime Minister of Greece (2019); "
                     "Reuters and LRT (Lithuania, 2021); the Estonian and Latvian foreign ministries (2022)",
        "url": "http://sk.china-embassy.org/slo/xwdt/t928626.htm",
        "licence": "public statements, cited",
        "citation": "Press Communique of the Meeting Between Chinese and Central and Eastern European Leaders "
                    "(Warsaw, 26 April 2012); Greece's accession (Dubrovnik, 12 April 2019); Lithuania's exit "
                    "(May 2021); Estonia's and Latvia's exits (11 August 2022).",
        "coverage": "the 17 participants, 2012-2025; no state before 2012",
    },
    "eu-blocked": {
        "title": "EU statements on China blocked or diluted by a member state",
        "publisher": "Reuters; EUobserver (reports of 2016-2021)",
        "url": "https://www.reuters.com/article/%20us-southchinasea-ruling-eu-idUSKCN0ZV1TS",
        "licence": "news reports, cited",
        "citation": "Reuters, \"EU's statement on South China Sea reflects divisions\" (15 Jul 2016); Greece "
                    "blocks an EU statement on China at the UN Human Rights Council (Jun 2017); Hungary blocks EU "
                    "statements on Hong Kong (Reuters, 16 Apr 2021; EUobserver, 7 May 2021).",
        "coverage": "EU members, 2016-2021 (the reported cases; a zero is no proof a member never blocked one)",
    },
    "pboc-swaps": {
        "title": "The Global Network of Liquidity Lines, version 19 (People's Bank of China lines)",
        "publisher": "Bahaj, S., Fuchs, M. and Reis, R. (London School of Economics)",
        "url": "https://personal.lse.ac.uk/reisr/papers/99-infdis.pdf",
        "licence": "freely available for research (the authors' README)",
        "citation": "Bahaj, S., Fuchs, M. and Reis, R. (2024), The Global Network of Liquidity Lines, dataset v19.",
        "coverage": "every PBOC bilateral swap line signed 2008-2023, with start and end dates",
    },
    "rmb-clearing": {
        "title": "Renminbi clearing banks designated by the People's Bank of China",
        "publisher": "Reuters, Bloomberg, Xinhua and the banks' own pages (one cited page per designation)",
        "url": "http://www.reuters.com/article/china-singapore-yuan-idUSB9N0AF02P20130208",
        "licence": "news reports, cited",
        "citation": "PBOC designations of overseas renminbi clearing banks, 2013-2025, each dated by its cited page.",
        "coverage": "searched for the 55 countries of hedge 1-2 (17 found); the later states were not searched",
    },
    "china-fta": {
        "title": "China's free trade agreements and RCEP: entry into force",
        "publisher": "World Trade Organization, Regional Trade Agreements Information System (dates as listed); "
                     "Japan's Ministry of Foreign Affairs (RCEP)",
        "url": "https://rtais.wto.org",
        "licence": "public records, cited",
        "citation": "WTO RTA database: China's FTAs (ASEAN 2010, Singapore, New Zealand, Iceland, Korea, "
                    "Australia, Cambodia); RCEP entry into force, 1 Jan 2022 and later by party.",
        "coverage": "searched for the 55 countries of hedge 1-2; the later states were not searched",
    },
    "china-sanctions-monitor": {
        "title": "China Sanctions Monitor",
        "publisher": "Swedish National China Centre, Swedish Institute of International Affairs",
        "url": "https://www.ui.se/english/centres/swedish-national-china-centre/",
        "licence": "use with citation (the database's About page)",
        "citation": "Bohman, V., Wong, A. and Ferguson, V.A. (2025), China's Sanctions Gambit: Formal and "
                    "Informal Economic Coercion in the Second Trade War, Swedish National China Centre "
                    "(China Sanctions Monitor, version of 19 June 2025).",
        "coverage": "China's economic restrictions by target nationality, 2010-2025 (informal ones before "
                    "about 2016 incompletely)",
    },
    "amti-scs": {
        "title": "Arbitration Support Tracker (positions on the 2016 South China Sea award)",
        "publisher": "Asia Maritime Transparency Initiative, CSIS (as reported by GMA News and the Inquirer, 2021)",
        "url": "https://amti.csis.org/arbitration-support-tracker/",
        "licence": "public tracker, cited",
        "citation": "AMTI, Arbitration Support Tracker, 16 June 2016 brief; GMA News, \"34 nations back 2016 "
                    "arbitral ruling but fall short of urging parties to comply -AMTI\" (July 2021).",
        "coverage": "every state's position, 2016 (pre-ruling) and 2021 (post-ruling; the acknowledged list "
                    "is cut after Malta)",
    },
}


INDICATORS = {
    "trade.china_tilt": {
        "name": "China's share of great-power goods trade", "pillar": "trade", "unit": "share",
        "description": "Goods trade (exports + imports) with China as a share of goods trade with "
                       "China and the US together: 0 = all with the US, 0.5 = parity, 1 = all "
                       "with China. One source for every year (IMF IMTS, as China and the US record it).",
        "derivation": "china / (china + us), china = China's exports to + imports from the country, us = "
                      "the US's exports to + imports from it (IMF IMTS, 2001-2024); band: the China side "
                      "moved by the country's mirror gap (see trade.china_trade)",
    },
    "trade.china_tilt_direct": {
        "name": "China's share of great-power goods trade (national publications, 2024)", "pillar": "trade",
        "unit": "share",
        "description": "The same ratio from the US Census Bureau's and China's customs' own 2024 "
                       "publications: a cross-check of the IMF series, not scored by default.",
        "derivation": "china / (china + us) from the Census and GACC totals, 2024",
    },
    "trade.china_trade": {
        "name": "Goods trade with China", "pillar": "trade", "unit": "USD million",
        "description": "China's exports to the country plus its imports from it, as China records them "
                       "(IMF IMTS), current US$; divided by GDP it is the economy's exposure to China.",
        "derivation": "XG_FOB_USD + MG_CIF_USD of reporter China, partner the country (IMF IMTS); band: +- the "
                      "median gap, 2011-2020, between China's recorded imports from the country and the "
                      "country's own recorded exports to China (IMF DOTS), as a share of the trade",
    },
    "trade.us_trade": {
        "name": "Goods trade with the US", "pillar": "trade", "unit": "USD million",
        "description": "The US's exports to the country plus its imports from it, as the US records them "
                       "(IMF IMTS), current US$.",
        "derivation": "XG_FOB_USD + MG_CIF_USD of reporter United States, partner the country (IMF IMTS)",
    },
    "trade.china_export_share": {
        "name": "Share of own exports going to China", "pillar": "trade", "unit": "share",
        "description": "The country's exports to mainland China as a share of its exports to the world, as "
                       "the country itself reports them (to 2020): the market China could close to it.",
        "derivation": "exports FOB to China, P.R.: Mainland / exports FOB to World (IMF DOTS); Hong Kong "
                      "and Macao are not counted (re-exports)",
    },
    "economy.gdp": {
        "name": "GDP", "pillar": "economy", "unit": "USD million",
        "description": "Gross domestic product in current US dollars: the denominator that scales trade "
                       "to the economy.",
        "derivation": "NY.GDP.MKTP.CD / 1e6 (World Bank WDI, one vintage)",
    },
    # the world's values, the same on every country: momentum measures a country's move toward
    # China beyond the world's (China's rise lifts every partner's trade with it)
    "world.china_trade": {
        "name": "China's goods trade with the world", "pillar": "trade", "unit": "USD million",
        "description": "China's exports to plus imports from the world (IMF IMTS), current US$: the "
                       "benchmark momentum compares a country's trade with China against (the same on "
                       "every country).",
        "derivation": "XG_FOB_USD + MG_CIF_USD of reporter China, partner World (G001) (IMF IMTS)",
    },
    "world.china_tilt": {
        "name": "China's share of the great powers' world trade", "pillar": "trade", "unit": "share",
        "description": "China's goods trade with the world as a share of China's and the US's together: "
                       "the world's tilt, the benchmark of a country's tilt momentum (the same on every country).",
        "derivation": "china / (china + us), each the reporter's XG_FOB_USD + MG_CIF_USD with partner "
                      "World (G001) (IMF IMTS)",
    },
    "world.gdp": {
        "name": "World GDP", "pillar": "economy", "unit": "USD million",
        "description": "The world's gross domestic product in current US dollars: the denominator of "
                       "the world's trade with China (the same on every country).",
        "derivation": "NY.GDP.MKTP.CD of World (WLD) / 1e6 (World Bank WDI, the vintage of economy.gdp)",
    },
    "trade.china_share": {
        "name": "China's share of total goods trade", "pillar": "trade", "unit": "share",
        "description": "Goods trade with China as a share of the country's total goods trade "
                       "(to 2014: no later totals in the public data gathered).",
        "derivation": "(exp_to_chn + imp_from_chn) / (exp_total + imp_total), COW",
    },
    "trade.us_share": {
        "name": "US share of total goods trade", "pillar": "trade", "unit": "share",
        "description": "Goods trade with the US as a share of the country's total goods trade (to 2014).",
        "derivation": "(exp_to_us + imp_from_us) / (exp_total + imp_total), COW",
    },
    "trade.china_import_share": {
        "name": "Import dependence on China", "pillar": "trade", "unit": "share",
        "description": "Imports from China as a share of the country's total imports (to 2014).",
        "derivation": "imp_from_chn / imp_total, COW",
    },
    "tech.huawei_5g": {
        "name": "Huawei/ZTE in national networks", "pillar": "technology", "unit": "policy code",
        "description": "Policy on Chinese vendors in the national networks (5G from 2018) from the "
                       "year of the decision: 1 = allowed, 0.5 = restricted, 0 = excluded.",
        "derivation": "hand-coded from the cited decision (data/events.csv)",
        "collected_from": 2012, "not_collected_why": "the first restrictions on Chinese vendors date "
                                                     "from 2012, most from 2018; method v3 reads the "
                                                     "years before a state's first decision as open",
    },
    "tech.china_tech_investment": {
        "name": "Chinese technology investment", "pillar": "technology", "unit": "USD million",
        "description": "Chinese investment in the country's technology sector, sum of the five "
                       "years ending in the given year (deals of US$100m or more).",
        "derivation": "sum of inv_tech_musd over years t-4..t; no recorded deal = 0",
    },
    "infra.bri_mou": {
        "name": "Belt and Road memorandum", "pillar": "infrastructure", "unit": "policy code",
        "description": "The country's Belt and Road cooperation document with China in force at the end "
                       "of the year: 1 = a national-government memorandum on the Belt and Road, 0.5 = a "
                       "document of limited scope (one sector or corridor, third-market cooperation, a "
                       "statement of policy synergy), 0 = none (from 2013, when the initiative began).",
        "derivation": "the GFDC list's join and exit dates (GFDC's entry = 1); where a cited document "
                      "(data/events.csv) says who signed what, its date and scope replace GFDC's entry",
    },
    "infra.aiib_member": {
        "name": "AIIB membership", "pillar": "infrastructure", "unit": "0/1",
        "description": "1 if a member of the China-led Asian Infrastructure Investment Bank.",
        "derivation": "hand-coded from the cited source (data/events.csv)",
    },
    "infra.china_infra_investment": {
        "name": "Chinese infrastructure investment", "pillar": "infrastructure",
        "unit": "USD million",
        "description": "Chinese investment in energy, transport, logistics (ports) and utilities, "
                       "sum of the five years ending in the given year (deals of US$100m or more).",
        "derivation": "sum of inv_energy + inv_transport + inv_logistics + inv_utilities over "
                      "t-4..t; no recorded deal = 0",
    },
    "infra.china_construction": {
        "name": "Chinese construction contracts", "pillar": "infrastructure", "unit": "USD million",
        "description": "Construction contracts won by Chinese firms (roads, rail, ports, power), sum "
                       "of the five years ending in the given year (contracts of US$100m or more; "
                       "the public copy ends in 2019).",
        "derivation": "sum of con_total_musd over t-4..t; no recorded contract = 0",
    },
    "infra.china_dev_finance": {
        "name": "Chinese development finance", "pillar": "infrastructure", "unit": "USD million",
        "description": "Chinese official development finance committed (aid-like, commercial-rate "
                       "and vague flows), sum of the five years ending in the given year, constant "
                       "2021 dollars. Low- and middle-income recipients only; to 2021.",
        "derivation": "sum of the adjusted oda + oof + vof commitments over t-4..t, / 1e6; "
                      "no project = 0 (for countries AidData covers)",
    },
    "security.us_defense_pledge": {
        "name": "US defence commitment", "pillar": "security", "unit": "0/1",
        "description": "1 if the US has a treaty obligation to defend the country (NATO, bilateral "
                       "treaties, Rio Treaty).",
        "derivation": "ATOP us_defense_pledge_to_country (to 2018); NATO members from their "
                      "accession year after 2018",
    },
    "security.us_troops": {
        "name": "US troops stationed", "pillar": "security", "unit": "persons",
        "description": "US active-duty military personnel permanently assigned in the country "
                       "(rotational deployments are not counted).",
        "derivation": "troops_active_duty, last quarter reported in the year; a zero between two "
                      "years with troops is a reporting gap and left missing",
    },
    "security.us_arms_share": {
        "name": "Arms imports from the US vs China and Russia", "pillar": "security",
        "unit": "share",
        "description": "Arms imported from the US as a share of arms imported from the US, China "
                       "and Russia together, five years ending in the given year (SIPRI TIV).",
        "derivation": "usa / (usa + china + russia) over t-4..t; missing if no such imports",
    },
    "political.un_agreement_us": {
        "name": "UN voting agreement with the US", "pillar": "political", "unit": "share",
        "description": "Share of UN General Assembly votes agreeing with the US that year (yes = 1, "
                       "abstain = 0.5, no = 0); to 2019.",
        "derivation": "agree_us from Voeten's roll calls",
    },
    "political.un_agreement_china": {
        "name": "UN voting agreement with China", "pillar": "political", "unit": "share",
        "description": "Share of UN General Assembly votes agreeing with China that year; to 2019.",
        "derivation": "agree_china from Voeten's roll calls",
    },
    "political.un_alignment": {
        "name": "UN voting position between China and the US", "pillar": "political",
        "unit": "position (China 0, US 1)",
        "description": "Where the country's UN General Assembly ideal point lies on the line from "
                       "China's (0) to the US's (1) that year; below 0 = beyond China, above 1 = "
                       "beyond the US.",
        "derivation": "(ideal_fp - ideal_fp of China) / (ideal_fp of the US - ideal_fp of China), "
                      "final-passage ideal points",
    },
    "political.un_ideal_point": {
        "name": "UN voting position (ideal point)", "pillar": "political", "unit": "ideal point",
        "description": "The country's UN General Assembly ideal point (final-passage votes) on the "
                       "Bailey-Strezhnev-Voeten scale, comparable across years: higher = closer to the "
                       "US-led position. Not measured against the US's or China's own position, which move.",
        "derivation": "ideal_fp; error: +- the median half-width (2000-2023) of the country's 5-95% "
                      "posterior band of ideal_all (final-passage points carry none in this release)",
    },
    "political.china_stance": {
        "name": "Stance on China's core issues at the UN", "pillar": "political", "unit": "stance",
        "description": "What the government did on the UN statements and vote on Xinjiang and Hong Kong in "
                       "the five years ending in the year: +1 = joined China's side every time, -1 = joined "
                       "the critics every time, 0 = neither (or no side taken).",
        "derivation": "S - C: S = share of the pro-China statements (and, for Council members, the 2022 "
                      "vote against a debate) it joined; C = share of the critical statements (and a vote "
                      "for a debate) it joined, where staying out of one that two thirds or more of its EU or "
                      "NATO peers joined counts -0.5; lists known to be incomplete are not used",
    },
    "political.china_partnership": {
        "name": "China's declared partnership tier", "pillar": "political", "unit": "policy code",
        "description": "The partnership China declared with the country, in force from its year: 1 = a rare "
                       "tier (all-weather, comprehensive strategic cooperative / of coordination, community "
                       "with a shared future), 0.5 = another strategic label (strategic or comprehensive "
                       "strategic partnership: most of Europe has one), 0 = a label without 'strategic'.",
        "derivation": "coded from the label as stated on the cited page; rows whose year is unclear are "
                      "left out; countries not searched have no value",
    },
    "political.elite_visits": {
        "name": "Chinese elite visits", "pillar": "political", "unit": "visits",
        "description": "Visits by Chinese government and party leaders to the country, sum of the five "
                       "years ending in the year (Asia-Pacific, South and Central Asia only; to 2016-18).",
        "derivation": "sum of total_elite_visits over t-4..t (AidData public diplomacy)",
    },
    "security.china_arms_share": {
        "name": "Arms imports from China", "pillar": "security", "unit": "share",
        "description": "Arms imported from China as a share of all arms imported, five years ending in "
                       "the given year (SIPRI trend-indicator values).",
        "derivation": "china / all suppliers over t-4..t; to 2018 from the 2022 SIPRI extract (tiv_from_china / "
                      "tiv_total), from 2019 from the 2026 extract (sum of every supplier's deliveries); "
                      "missing if no arms imports in the window",
    },
    "security.pla_visits": {
        "name": "Chinese military (PLA) visits", "pillar": "security", "unit": "visits",
        "description": "Visits by Chinese military leaders to the country, sum of the five years ending "
                       "in the year (Asia-Pacific, South and Central Asia only; to 2016-18).",
        "derivation": "sum of military_visits over t-4..t (AidData public diplomacy)",
    },
    "security.us_mnna": {
        "name": "US Major Non-NATO Ally", "pillar": "security", "unit": "0/1",
        "description": "1 from the year the US designated the country a Major Non-NATO Ally.",
        "derivation": "hand-coded from the cited statute or determination (data/events.csv); the "
                      "statutory list is complete, so a covered country without a row is not one",
    },
    "security.us_alliance": {
        "name": "US alliance tier", "pillar": "security", "unit": "policy code",
        "description": "1 = the US has a treaty obligation to defend the country (NATO, a bilateral treaty, "
                       "the Rio Treaty); 0.5 = no treaty, but a Major Non-NATO Ally; 0 = neither.",
        "derivation": "security.us_defense_pledge, else 0.5 x security.us_mnna",
    },
    "security.us_forward_presence": {
        "name": "US forces present under an agreement", "pillar": "security", "unit": "0/1",
        "description": "1 from the year US forces are present on a continuing basis under an arrangement in "
                       "force: bases, a standing rotational deployment, or a defence cooperation or access "
                       "agreement (personnel counts leave rotational forces out); 0 where a cited page says "
                       "it ended.",
        "derivation": "hand-coded from the cited page (data/events.csv); no row = no value",
    },
    "invest.china_stock": {
        "name": "Chinese investment (stock)", "pillar": "investment", "unit": "USD million",
        "description": "Chinese investment in the country, all sectors, as a stock: each year's deals added, "
                       "a tenth written off a year, from 2005 (deals of US$100m or more).",
        "derivation": "stock(t) = 0.9 x stock(t-1) + inv_total_musd(t), from 2005; no recorded deal = 0",
        "collected_from": 2005, "not_collected_why": "the China Global Investment Tracker starts in 2005",
    },
    "invest.china_tech_stock": {
        "name": "Chinese technology investment (stock)", "pillar": "technology", "unit": "USD million",
        "description": "Chinese investment in the country's technology sector as a stock (a tenth written "
                       "off a year), from 2005.",
        "derivation": "stock(t) = 0.9 x stock(t-1) + inv_tech_musd(t), from 2005; no recorded deal = 0",
        "collected_from": 2005, "not_collected_why": "the China Global Investment Tracker starts in 2005",
    },
    "invest.china_infra_stock": {
        "name": "Chinese infrastructure investment (stock)", "pillar": "infrastructure", "unit": "USD million",
        "description": "Chinese investment in energy, transport, logistics and utilities as a stock (a tenth "
                       "written off a year), from 2005.",
        "derivation": "stock(t) = 0.9 x stock(t-1) + infrastructure sectors(t), from 2005; no recorded deal = 0",
        "collected_from": 2005, "not_collected_why": "the China Global Investment Tracker starts in 2005",
    },
    "invest.china_construction_stock": {
        "name": "Chinese construction contracts (stock)", "pillar": "infrastructure", "unit": "USD million",
        "description": "Construction contracts won by Chinese firms as a stock (a tenth written off a year), "
                       "2005-2019 (the tracker's construction series ends in 2019).",
        "derivation": "stock(t) = 0.9 x stock(t-1) + con_total_musd(t), 2005-2019",
        "collected_from": 2005, "not_collected_why": "the tracker's construction series starts in 2005",
    },
    "security.us_arms_share_stock": {
        "name": "Arms from the US (stock, all suppliers)", "pillar": "security", "unit": "share",
        "description": "Arms from the US as a share of all arms imported, both as stocks (each year's "
                       "deliveries added, a tenth written off a year); missing below 25 TIV in the stock.",
        "derivation": "SIPRI TIV deliveries: the 2022 extract to 2014, the 2026 extract (every supplier) from 2015",
    },
    "security.china_arms_share_stock": {
        "name": "Arms from China (stock, all suppliers)", "pillar": "security", "unit": "share",
        "description": "Arms from China as a share of all arms imported, both as stocks (a tenth written off "
                       "a year); "
                       "0 if none came from China, otherwise missing below 25 TIV in the stock.",
        "derivation": "SIPRI TIV deliveries: the 2022 extract to 2014, the 2026 extract (every supplier) from 2015",
    },
    "security.sco_status": {
        "name": "Status in the Shanghai Cooperation Organisation", "pillar": "security", "unit": "policy code",
        "description": "The state's status in the SCO, the security organisation China founded with Russia and "
                       "four Central Asian states in 2001, from the year it took effect: 1 = member, 0.5 = partner "
                       "(observer or dialogue partner, the statuses the SCO merged in 2025), 0 = none.",
        "derivation": "hand-coded from the cited pages (data/events.csv); a state absent from the complete list "
                      "of August 2025 had no status in any year, as no state has given one up (0 before a "
                      "state's first status); Bahrain's entry year was not found on a page of record: no value",
    },
    "diplomacy.china_leader_visits": {
        "name": "Visits by China's president or premier", "pillar": "diplomacy", "unit": "events (decayed)",
        "description": "Trips to the country by China's president or premier, as a decayed stock (a visit "
                       "counts 1 in its year and 0.8 times as much each year after).",
        "derivation": "CEIAS rows per year to 2020 (stock from 1990), then the cited rows of data/visits.csv",
    },
    "diplomacy.visits_to_china": {
        "name": "Leader visits to China", "pillar": "diplomacy", "unit": "events (decayed)",
        "description": "Visits to China by the country's head of state or government, as a decayed stock "
                       "(0.8 a year), shown from the third year of counting.",
        "derivation": "China Vitae's approximate visits 2003-2018 (the 55 countries of hedge 1-2), then the "
                      "cited rows of data/visits.csv; for other states from 2021 (counting from 2019)",
        "collected_from": 2005, "not_collected_why": "China Vitae's records start in 2003 (shown from the third year); 2019 for the states it does not cover",
    },
    "diplomacy.china_ceec": {
        "name": "China-CEEC member", "pillar": "diplomacy", "unit": "0/1",
        "description": "1 in a year the state took part in the China-CEEC format (16+1/17+1); 0 before the "
                       "forum's founding in 2012 and after an exit; only for the states that ever took part.",
        "derivation": "membership dates (Warsaw 2012, Greece 2019, Lithuania out 2021, Estonia and Latvia 2022)",
    },
    "diplomacy.eu_statement_blocked": {
        "name": "EU statements on China blocked", "pillar": "diplomacy", "unit": "events (decayed)",
        "description": "EU statements on China the member blocked or diluted, as a decayed stock (0.8 a year); "
                       "EU members only.",
        "derivation": "reported cases (Reuters, EUobserver) 2016-2021; Croatia's and Slovenia's 2016 concern, "
                      "over their own maritime dispute, is not counted",
    },
    "finance.pboc_swap_line": {
        "name": "PBOC swap line", "pillar": "finance", "unit": "0/1",
        "description": "1 in a year a bilateral currency swap line with the People's Bank of China was in force.",
        "derivation": "signing to end date of each bilateral line (pooled Chiang Mai and BRICS funds excluded)",
    },
    "finance.rmb_clearing_bank": {
        "name": "Renminbi clearing bank", "pillar": "finance", "unit": "0/1",
        "description": "1 from the year the PBOC designated a renminbi clearing bank in the country.",
        "derivation": "the first designation's year (cited page); 0 before; states not searched have no value",
    },
    "finance.china_fta": {
        "name": "Free trade agreement with China", "pillar": "finance", "unit": "0/1",
        "description": "1 from the year a free trade agreement with China (bilateral, China-ASEAN or RCEP) "
                       "entered into force for the country.",
        "derivation": "the first entry into force; 0 before; states not searched have no value",
    },
    "friction.china_restrictions": {
        "name": "China's economic restrictions on the country", "pillar": "friction", "unit": "events (decayed)",
        "description": "China's primary economic restrictions (formal and informal) on the country's firms, "
                       "products or people, as a decayed stock (0.8 a year), from 2010.",
        "derivation": "China Sanctions Monitor rows per year (countersanctions left out), from 2010",
        "collected_from": 2010, "not_collected_why": "the China Sanctions Monitor starts in 2010",
    },
    "friction.china_confrontation": {
        "name": "China's force against the country", "pillar": "friction", "unit": "years (decayed)",
        "description": "Years in which China's armed forces, coast guard or maritime militia used, threatened or "
                       "displayed force against the state's forces or vessels, or in waters or territory it "
                       "claims (a clash, stand-off, gunfire, ramming, water cannon, blockade, boarding, escorted "
                       "intrusion, protested entry, laser, flares, radar lock, sonar or unsafe intercept), as a "
                       "decayed stock (0.8 a year).",
        "derivation": "one per year with a cited incident in data/confrontations.csv, 0 in a year without, from 2000",
    },
    "friction.scs_award_stand": {
        "name": "Stand for the South China Sea award", "pillar": "friction", "unit": "policy code",
        "description": "The state's public stand on the 2016 award: 1 = supported it as binding or called for "
                       "it to be respected, 0.5 = acknowledged it without calling for compliance, 0 = silent, "
                       "or before the award.",
        "derivation": "AMTI's 2016 (pre-ruling) list to 2020, its 2021 list from 2021",
    },
    "political.scs_award_support_china": {
        "name": "Backed China against the South China Sea award", "pillar": "political", "unit": "0/1",
        "description": "1 if the state publicly backed China's position that the tribunal was illegitimate "
                       "(2016) or rejected the ruling (2021); 0 otherwise, and before the award.",
        "derivation": "AMTI's 2016 list to 2020, its 2021 list from 2021",
    },
}
