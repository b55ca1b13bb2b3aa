"""The demo province (Nghệ An): organisations, staff in every role, citizens, a procedure, dossiers.

Electronic identifiers of Nghệ An's units are shaped as Decision 20/2020/QĐ-TTg prescribes
(`LLL.KK.JJ.H41`, H41 being Nghệ An's level-1 code in the alphabetical H01–H63 list) but the level-2
to level-4 numbers are illustrative: a province replaces them with its official list.
"""
