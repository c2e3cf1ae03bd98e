"""Greek names of the demo town, each with its Latin-script form (ELOT 743 style).

Street names honour the figures and places Greek towns usually name streets after; the
neighbourhoods are named after parish churches, as in most Thessalian towns. None of
them claims to describe the real Karditsa.
"""

from __future__ import annotations

Name = tuple[str, str]  # (Greek, Latin script)

TOWN: Name = ("Καρδίτσα", "Karditsa")
STREAM: Name = ("Καράμπαλης", "Karampalis")
SQUARE: Name = ("Πλατεία Ελευθερίας", "Eleftherias Square")
PARK: Name = ("Πάρκο Παυσίλυπο", "Pafsilypo Park")

#: Names of the grid streets (shuffled per seed) — more than there are grid lines.
STREETS: tuple[Name, ...] = (
    ("Καραϊσκάκη", "Karaiskaki"),
    ("Κολοκοτρώνη", "Kolokotroni"),
    ("Μπότσαρη", "Botsari"),
    ("Κανάρη", "Kanari"),
    ("Μιαούλη", "Miaouli"),
    ("Παπαφλέσσα", "Papaflessa"),
    ("Ανδρούτσου", "Androutsou"),
    ("Αθανασίου Διάκου", "Athanasiou Diakou"),
    ("Ρήγα Φεραίου", "Riga Feraiou"),
    ("Κοραή", "Korai"),
    ("Σολωμού", "Solomou"),
    ("Παλαμά", "Palama"),
    ("Καζαντζάκη", "Kazantzaki"),
    ("Σεφέρη", "Seferi"),
    ("Ελύτη", "Elyti"),
    ("Καβάφη", "Kavafi"),
    ("Ομήρου", "Omirou"),
    ("Σωκράτους", "Sokratous"),
    ("Πλάτωνος", "Platonos"),
    ("Αριστοτέλους", "Aristotelous"),
    ("Περικλέους", "Perikleous"),
    ("Θεμιστοκλέους", "Themistokleous"),
    ("Μεγάλου Αλεξάνδρου", "Megalou Alexandrou"),
    ("Ιπποκράτους", "Ippokratous"),
    ("Αρχιμήδους", "Archimidous"),
    ("Πυθαγόρα", "Pythagora"),
    ("Ευριπίδου", "Evripidou"),
    ("Σοφοκλέους", "Sofokleous"),
    ("Αισχύλου", "Aischylou"),
    ("Αριστοφάνους", "Aristofanous"),
    ("Θουκυδίδου", "Thoukydidou"),
    ("Ηροδότου", "Irodotou"),
    ("Καποδιστρίου", "Kapodistriou"),
    ("Τρικούπη", "Trikoupi"),
    ("Κουμουνδούρου", "Koumoundourou"),
    ("Φιλελλήνων", "Filellinon"),
    ("Μακεδονίας", "Makedonias"),
    ("Ηπείρου", "Ipeirou"),
    ("Κρήτης", "Kritis"),
    ("Κύπρου", "Kyprou"),
    ("28ης Οκτωβρίου", "28is Oktovriou"),
    ("25ης Μαρτίου", "25is Martiou"),
    ("Ειρήνης", "Eirinis"),
    ("Δημοκρατίας", "Dimokratias"),
    ("Αγίου Νικολάου", "Agiou Nikolaou"),
    ("Αγίας Παρασκευής", "Agias Paraskevis"),
    ("Αγίου Γεωργίου", "Agiou Georgiou"),
    ("Αγίου Δημητρίου", "Agiou Dimitriou"),
    ("Μητροπόλεως", "Mitropoleos"),
    ("Ερμού", "Ermou"),
    ("Αιόλου", "Aiolou"),
    ("Σκουφά", "Skoufa"),
    ("Αβέρωφ", "Averof"),
    ("Τερτίπη", "Tertipi"),
)

#: The two central axes crossing at the square.
AXIS_U: Name = ("Νικολάου Πλαστήρα", "Nikolaou Plastira")
AXIS_V: Name = ("Ελευθερίου Βενιζέλου", "Eleftheriou Venizelou")
RING_ROAD: Name = ("Λεωφόρος Καραμανλή", "Leoforos Karamanli")
BYPASS: Name = ("Περιφερειακή Οδός Καρδίτσας", "Karditsa Ring Road")

#: Roads leaving the town, by compass direction of the grid frame.
RADIALS: dict[str, Name] = {
    "n": ("Οδός Τρικάλων", "Trikalon Road"),
    "e": ("Οδός Λαρίσης", "Larisis Road"),
    "s": ("Οδός Σοφάδων", "Sofadon Road"),
    "w": ("Οδός Μουζακίου", "Mouzakiou Road"),
    "ne": ("Οδός Παλαμά", "Palama Road"),
    "se": ("Οδός Φαρσάλων", "Farsalon Road"),
    "sw": ("Οδός Λίμνης Πλαστήρα", "Limnis Plastira Road"),
    "nw": ("Οδός Καλαμπάκας", "Kalampakas Road"),
}
TRACK: Name = ("Αγροτική οδός", "Farm track")
SERVICE: Name = ("Οδός εξυπηρέτησης", "Service road")

NEIGHBOURHOODS: tuple[Name, ...] = (
    # the centre first, then anticlockwise from the grid's east (45° apart)
    ("Κέντρο", "Centre"),
    ("Άγιος Νικόλαος", "Agios Nikolaos"),
    ("Αγία Παρασκευή", "Agia Paraskevi"),
    ("Άγιος Γεώργιος", "Agios Georgios"),
    ("Καμινάδες", "Kaminades"),
    ("Αγία Σοφία", "Agia Sofia"),
    ("Παυσίλυπο", "Pafsilypo"),
    ("Προφήτης Ηλίας", "Profitis Ilias"),
    ("Άγιος Κωνσταντίνος", "Agios Konstantinos"),
)

#: Parish churches (Greek name in the genitive after «Ιερός Ναός»).
CHURCHES: tuple[Name, ...] = (
    ("Ιερός Ναός Αγίου Νικολάου", "Church of Agios Nikolaos"),
    ("Ιερός Ναός Αγίας Παρασκευής", "Church of Agia Paraskevi"),
    ("Ιερός Ναός Αγίου Γεωργίου", "Church of Agios Georgios"),
    ("Ιερός Ναός Αγίας Σοφίας", "Church of Agia Sofia"),
    ("Ιερός Ναός Προφήτη Ηλία", "Church of Profitis Ilias"),
    ("Ιερός Ναός Αγίου Κωνσταντίνου και Ελένης", "Church of Agioi Konstantinos and Eleni"),
)

#: Family names (nominative, masculine form) used by shops named after their owner.
SURNAMES: tuple[Name, ...] = (
    ("Παπαδόπουλος", "Papadopoulos"),
    ("Παπαγεωργίου", "Papageorgiou"),
    ("Καραγιάννης", "Karagiannis"),
    ("Οικονόμου", "Oikonomou"),
    ("Μπαλτάς", "Baltas"),
    ("Τσιούρης", "Tsiouris"),
    ("Ζαχαρίου", "Zachariou"),
    ("Κωστόπουλος", "Kostopoulos"),
    ("Αθανασίου", "Athanasiou"),
    ("Νικολάου", "Nikolaou"),
    ("Μαργαρίτης", "Margaritis"),
    ("Σακελλαρίου", "Sakellariou"),
    ("Γκούμας", "Gkoumas"),
    ("Τσιλιμίγκρας", "Tsilimigkras"),
    ("Μπακαλάκος", "Bakalakos"),
    ("Ντόβας", "Ntovas"),
    ("Κατσαρός", "Katsaros"),
    ("Χατζής", "Chatzis"),
    ("Λαμπράκης", "Lamprakis"),
    ("Φλώρος", "Floros"),
    ("Δήμου", "Dimou"),
    ("Στεργίου", "Stergiou"),
    ("Βλάχος", "Vlachos"),
    ("Τριανταφύλλου", "Triantafyllou"),
    ("Καλαμπάκας", "Kalampakas"),
    ("Ρίζος", "Rizos"),
    ("Σιούτας", "Sioutas"),
    ("Πλιάτσικας", "Pliatsikas"),
    ("Γιαννακός", "Giannakos"),
    ("Ευθυμίου", "Efthymiou"),
)

#: First-name initials (Greek, Latin).
INITIALS: tuple[Name, ...] = (
    ("Γ.", "G."),
    ("Κ.", "K."),
    ("Δ.", "D."),
    ("Ν.", "N."),
    ("Α.", "A."),
    ("Μ.", "M."),
    ("Ε.", "E."),
    ("Χ.", "Ch."),
    ("Β.", "V."),
    ("Σ.", "S."),
)

#: Trade names for cafés, restaurants, taverns and hotels.
TRADE_NAMES: tuple[Name, ...] = (
    ("Πλάτανος", "Platanos"),
    ("Λιθόστρωτο", "Lithostroto"),
    ("Νόστος", "Nostos"),
    ("Κανέλα", "Kanela"),
    ("Ορίζοντας", "Orizontas"),
    ("Μελτέμι", "Meltemi"),
    ("Αγράφα", "Agrafa"),
    ("Θεσσαλικός Κάμπος", "Thessalikos Kampos"),
    ("Πλαστήρας", "Plastiras"),
    ("Μπουκιά και Συχωρεμένο", "Boukia kai Sychoremeno"),
    ("Το Στέκι", "To Steki"),
    ("Η Γωνιά", "I Gonia"),
    ("Λήθη", "Lithi"),
    ("Ευ Ζην", "Ef Zin"),
    ("Αλάτι και Πιπέρι", "Alati kai Piperi"),
    ("Ο Καφενές", "O Kafenes"),
    ("Αρχοντικό", "Archontiko"),
    ("Ελιά", "Elia"),
    ("Κληματαριά", "Klimataria"),
    ("Ο Παλιός Σταθμός", "O Palios Stathmos"),
    ("Πεδιάδα", "Pediada"),
    ("Καράμπαλης", "Karampalis"),
)

SCHOOLS: tuple[Name, ...] = (
    ("1ο Δημοτικό Σχολείο Καρδίτσας", "1st Primary School of Karditsa"),
    ("2ο Δημοτικό Σχολείο Καρδίτσας", "2nd Primary School of Karditsa"),
    ("3ο Δημοτικό Σχολείο Καρδίτσας", "3rd Primary School of Karditsa"),
    ("5ο Δημοτικό Σχολείο Καρδίτσας", "5th Primary School of Karditsa"),
    ("8ο Δημοτικό Σχολείο Καρδίτσας", "8th Primary School of Karditsa"),
    ("1ο Γυμνάσιο Καρδίτσας", "1st Junior High School of Karditsa"),
    ("2ο Γυμνάσιο Καρδίτσας", "2nd Junior High School of Karditsa"),
    ("1ο Γενικό Λύκειο Καρδίτσας", "1st General Lyceum of Karditsa"),
    ("2ο Γενικό Λύκειο Καρδίτσας", "2nd General Lyceum of Karditsa"),
    ("Μουσικό Σχολείο Καρδίτσας", "Music School of Karditsa"),
    ("1ο Νηπιαγωγείο Καρδίτσας", "1st Kindergarten of Karditsa"),
    ("4ο Νηπιαγωγείο Καρδίτσας", "4th Kindergarten of Karditsa"),
)
