"""Organisations after the 2025 two-tier reform: provinces, communes, agencies, service centres, staff.

Since 1 July 2025 Vietnam has 34 provinces and 3,321 communes and no districts (Law 72/2025/QH15
Art 51(3); Resolution 202/2025/QH15). Agencies carry their electronic identifier under Decision
20/2020/QĐ-TTg, which is also the prefix of every dossier code (Decree 118/2025/NĐ-CP Art 28).
A dossier has three organisational roles that may all differ: the receiving point, the competent
agency and the return point (Decree 118 Art 14(2), 20).
"""
