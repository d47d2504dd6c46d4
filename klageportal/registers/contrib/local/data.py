"""Fictitious people and companies for the local register; none of them exists.

CPR numbers are valid in format and date and, like the development identities' numbers, deliberately fail
the mod-11 check that every number issued before 2007 passes, so none of the adults can be a real person.
The seventh digit gives the century (0-3: 1900s; 4: 2000s up to 2036). An odd last digit is a man.
CVR numbers pass the mod-11 check (SPEC §12). The addresses are ordinary Danish streets and postcodes.
Families share an address; the children are under 18 throughout 2026 (AS-21: the custody holders).
"""

from klageportal.registers.interfaces import CompanyRecord, PersonRecord

PEOPLE: tuple[PersonRecord, ...] = (
    # The development identity provider's citizens (klageportal/identity/devidp/identities.py).
    PersonRecord("1203781234", "Mette Hansen", "Skovvej 4", "8800", "Viborg"),
    PersonRecord("0507651237", "Jens Nielsen", "Havnegade 18", "8000", "Aarhus C"),
    PersonRecord("2311594422", "Karen Sørensen", "Skovbrynet 7", "8600", "Silkeborg"),
    PersonRecord("0909901113", "Ole Pedersen", "Nørregade 31", "8800", "Viborg"),
    # Family Kristensen: two parents, two children.
    PersonRecord("1702843190", "Anne Kristensen", "Ringvejen 22", "8800", "Viborg"),
    PersonRecord("0310820265", "Thomas Kristensen", "Ringvejen 22", "8800", "Viborg"),
    PersonRecord("2106124536", "Emma Kristensen", "Ringvejen 22", "8800", "Viborg"),
    PersonRecord("0811164323", "Noah Kristensen", "Ringvejen 22", "8800", "Viborg"),
    # Family Mortensen: two parents, two children.
    PersonRecord("3004790582", "Louise Mortensen", "Jagtvej 58, 3. th.", "2200", "København N"),
    PersonRecord("1408773317", "Mikkel Mortensen", "Jagtvej 58, 3. th.", "2200", "København N"),
    PersonRecord("2601104622", "Freja Mortensen", "Jagtvej 58, 3. th.", "2200", "København N"),
    PersonRecord("0209144983", "Oscar Mortensen", "Jagtvej 58, 3. th.", "2200", "København N"),
    # Family Ali: two parents, one child.
    PersonRecord("0112901034", "Sara Ali", "Gudrunsvej 41, 1. tv.", "8220", "Brabrand"),
    PersonRecord("1903883567", "Omar Ali", "Gudrunsvej 41, 1. tv.", "8220", "Brabrand"),
    PersonRecord("0705194035", "Yusuf Ali", "Gudrunsvej 41, 1. tv.", "8220", "Brabrand"),
    # A father alone with his daughter.
    PersonRecord("1107870015", "Kasper Thomsen", "Stationsvej 9", "8850", "Bjerringbro"),
    PersonRecord("2802214216", "Alma Thomsen", "Stationsvej 9", "8850", "Bjerringbro"),
    # A mother and her daughter with another surname.
    PersonRecord("0303721866", "Hanne Bak", "Frederiks Allé 77, 2. mf.", "8000", "Aarhus C"),
    PersonRecord("1503094328", "Ida Skov", "Frederiks Allé 77, 2. mf.", "8000", "Aarhus C"),
    # Adults on their own, from 20 to 88 years old.
    PersonRecord("0901410432", "Inger Poulsen", "Solvænget 1, bolig 14", "8850", "Bjerringbro"),
    PersonRecord("2205380965", "Erik Christensen", "Sankt Mogens Gade 15", "8800", "Viborg"),
    PersonRecord("0407500478", "Birthe Johansen", "Vestergade 3", "7800", "Skive"),
    PersonRecord("1212683771", "Søren Østergaard", "Østergade 12", "8830", "Tjele"),
    PersonRecord("2909611347", "Niels Frederiksen", "Hedevej 41", "8830", "Tjele"),
    PersonRecord("1806562716", "Lone Rasmussen", "Tordenskjoldsgade 30", "8200", "Aarhus N"),
    PersonRecord("2410931333", "Jesper Larsen", "Vesterbrogade 120, 4. th.", "1620", "København V"),
    PersonRecord("2902960178", "Camilla Nørgaard", "Trøjborgvej 12, st. tv.", "8200", "Aarhus N"),
    PersonRecord("0808014141", "Mads Vestergaard", "Finsensgade 15", "8200", "Aarhus N"),
    PersonRecord("3011852620", "Fatima Hassan", "Tingbjerg Allé 20", "2700", "Brønshøj"),
    PersonRecord("0104471635", "Bo Andersen", "Strandvejen 180", "2900", "Hellerup"),
    PersonRecord("3101662866", "Gitte Holm", "Sankt Mathias Gade 40", "8800", "Viborg"),
    PersonRecord("1010532684", "Åse Ærenlund", "Ærøvej 3", "9000", "Aalborg"),
    PersonRecord("1505703567", "Peter Lind", "Skovvejen 10", "8000", "Aarhus C"),
    PersonRecord("2412054449", "Jonas Kristiansen", "Kollegiebakken 9, værelse 412", "2800", "Kongens Lyngby"),
)

COMPANIES: tuple[CompanyRecord, ...] = (
    # The development identity provider's companies.
    CompanyRecord("37042374", "Byggefirmaet Nord ApS", "Industrivej 14", "8800", "Viborg"),
    CompanyRecord("37132497", "Grøn Energi A/S", "Vindmøllevej 3", "7400", "Herning"),
    CompanyRecord("38025694", "Advokatfirmaet Lind & Co", "Store Torv 5", "8000", "Aarhus C"),
    # Law firms (stillingsfuldmagt, AS-25).
    CompanyRecord("31234530", "Advokathuset Brink & Holm", "Vesterbrogade 44", "1620", "København V"),
    CompanyRecord("35843299", "Advokatkontoret Ravn", "Sct. Mathias Gade 22", "8800", "Viborg"),
    CompanyRecord("26945992", "Advokatfirmaet Fjord Advokatpartnerselskab", "Havnepladsen 2", "9000", "Aalborg"),
    # Accountants.
    CompanyRecord(
        "28585152",
        "Revisionsfirmaet Dahl & Krogh Statsautoriseret Revisionspartnerselskab",
        "Randersvej 110",
        "8200",
        "Aarhus N",
    ),
    CompanyRecord("34290164", "Revisorhuset Midt ApS", "Gravene 9", "8800", "Viborg"),
    # Employers (refusion, AS-24).
    CompanyRecord("31560969", "Viborg Tømrer & Snedker ApS", "Tværvej 2", "8800", "Viborg"),
    CompanyRecord("27911048", "Aarhus Rengøring & Service A/S", "Sønderhøj 30", "8260", "Viby J"),
    CompanyRecord("36207167", "Bageriet Kornmod ApS", "Nørregade 12", "8800", "Viborg"),
    CompanyRecord("38658964", "Limfjordens Vognmandsforretning A/S", "Havnevej 7", "7800", "Skive"),
    CompanyRecord("37253340", "Plejecentret Solgården", "Solvænget 1", "8850", "Bjerringbro"),
    CompanyRecord("42104833", "Nordlys IT ApS", "Nørrebrogade 100", "2200", "København N"),
    # An organisation and a farm.
    CompanyRecord("21675059", "Foreningen Lige Adgang", "Blegdamsvej 9", "2100", "København Ø"),
    CompanyRecord("42254509", "Hedegården I/S", "Hedevej 41", "8830", "Tjele"),
)
