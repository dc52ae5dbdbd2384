// name: authorities
// question: Which authorities and reference models does the store hold, with their codes and scope?
// params: scope (string, optional): case_study, example, reference_model or register; all when omitted
// returns: authority, key, code, gss_code, scope
MATCH (s:Authority)
WHERE $scope IS NULL OR s.scope = $scope
RETURN s.name AS authority, s.key AS key, s.code AS code, s.gss_code AS gss_code, s.scope AS scope
ORDER BY authority
