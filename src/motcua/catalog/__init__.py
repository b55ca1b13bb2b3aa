"""The procedure catalog: what a province publishes, in versions, with its internal processes.

A `Procedure` is the stable identity of an administrative procedure (thủ tục hành chính); a
`ProcedureVersion` is what a publication decision put in force from a date: time limit, fee,
required papers, online level and competent agency. A dossier keeps the version in force when it
was received, so editing the catalog never changes old dossiers. The internal process (quy trình
nội bộ, Decree 118/2025/NĐ-CP Art 38(1)(d)) is data: ordered steps with a role and allotted hours.
"""
