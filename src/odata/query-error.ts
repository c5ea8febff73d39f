/**
 * Every refusal of a query option, with the message Graph gives: the resource kit answers each
 * as Graph's 400 BadRequest. The texts are the resource strings of ODataLib (OData/odata.net,
 * Microsoft.OData.Core SRResources.resx; named beside each) and of ASP.NET Web API OData
 * (OData/WebApi SRResources.resx), the layers Graph and Intune answer query options with.
 * Graph prefixes `$filter`'s with `Invalid filter clause: ` (microsoftgraph/msgraph-sdk-dotnet#2306).
 * Quoted input is cut to 200 characters, as every graph-mock message quotes it.
 */
import { shownInput } from '../shown-input.js'

export class ODataQueryError extends Error {
  override name = 'ODataQueryError'
}

const refusal = (message: string) => new ODataQueryError(message)

const quoted = (text: string) => `'${shownInput(text)}'`

export const QUERY_ERRORS = {
  // ExpressionLexer_SyntaxError, ExpressionLexer_InvalidCharacter, ExpressionLexer_UnterminatedStringLiteral
  syntax: (position: number, text: string) => refusal(`Syntax error at position ${position} in ${quoted(text)}.`),
  invalidCharacter: (char: string, position: number, text: string) => refusal(`Syntax error: character '${char}' is not valid at position ${position} in ${quoted(text)}.`),
  unterminatedString: (position: number, text: string) => refusal(`There is an unterminated string literal at position ${position} in ${quoted(text)}.`),
  // UriQueryExpressionParser_ExpressionExpected, _CloseParenOrOperatorExpected, _CloseParenOrCommaExpected and their kin
  expected: (what: string, position: number, text: string) => refusal(`${what} expected at position ${position} in ${quoted(text)}.`),
  // ExpressionToken_IdentifierExpected
  identifierExpected: (position: number) => refusal(`An identifier was expected at position ${position}.`),
  // UriQueryExpressionParser_TooDeep
  tooDeep: () => refusal('Recursion depth exceeded allowed limit.'),
  // UriQueryExpressionParser_RangeVariableAlreadyDeclared
  rangeVariableDeclared: (name: string) => refusal(`The range variable ${quoted(name)} has already been declared.`),
  // graph-mock's own: each nested lambda multiplies the work per record by its collection's size.
  lambdasTooDeep: (limit: number) => refusal(`Any/All expressions may be nested at most ${limit} deep.`),
  // graph-mock's own, met as the filter runs, hence with the prefix the others get as they are read.
  filterTooCostly: (limit: number) => refusal(`Invalid filter clause: The filter would take more than ${limit.toLocaleString('en-US')} steps over these records. Narrow it, or its any/all over long collections.`),
  // UriQueryExpressionParser_UnrecognizedLiteral: a literal whose text is none of its type's values (1.5L)
  unrecognizedLiteral: (type: string, literal: string, position: number, text: string) =>
    refusal(`Unrecognized '${type}' literal ${quoted(literal)} at '${position}' in ${quoted(text)}.`),
  // UriUtils_DateTimeOffsetInvalidFormat, as live Graph quoted it (Invalid filter clause: The DateTimeOffset text …)
  invalidDateTime: (text: string) => refusal(`The DateTimeOffset text ${quoted(text)} should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?' and each field value is within valid range.`),
  // MetadataBinder_PropertyNotDeclared
  propertyNotFound: (name: string, type: string) => refusal(`Could not find a property named ${quoted(name)} on type '${type}'.`),
  // MetadataBinder_PropertyAccessSourceNotSingleValue
  notSingleValueParent: (name: string) => refusal(`The parent value for a property access of a property ${quoted(name)} is not a single value. Property access can only be applied to a single value.`),
  // MetadataBinder_LambdaParentMustBeCollection
  lambdaNeedsCollection: () => refusal('Any/All may only be used following a collection.'),
  // MetadataBinder_IncompatibleOperandsError, MetadataBinder_IncompatibleOperandError
  incompatibleOperands: (left: string, right: string, operator: string) =>
    refusal(`A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind '${operator}'.`),
  incompatibleOperand: (type: string, operator: string) => refusal(`A unary operator with an incompatible type was detected. Found operand type '${type}' for operator kind '${operator}'.`),
  // MetadataBinder_BinaryOperatorOperandNotSingleValue
  notSingleValueOperand: (operator: string) => refusal(`The operand for a binary operator '${operator}' is not a single value. Binary operators require both operands to be single values.`),
  // MetadataBinder_LeftOperandNotSingleValue
  inNotSingleValue: () => refusal('The left operand for the IN operation is not a single value. IN operations require the left operand to be a single value and the right operand to be a collection value.'),
  // graph-mock's own: ODataLib takes a collection literal there, and graph-mock literals only.
  inNeedsLiterals: (position: number) => refusal(`The right operand of 'in' must be a list of literals, at position ${position}.`),
  // Binder_IsNotValidEnumConstant
  notEnumMember: (text: string) => refusal(`The string ${quoted(text)} is not a valid enumeration type constant.`),
  // MetadataBinder_UnknownFunction, MetadataBinder_NoApplicableFunctionFound
  unknownFunction: (name: string) => refusal(`An unknown function with name ${quoted(name)} was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`),
  noFunctionSignature: (name: string, signature: string) =>
    refusal(`No function signature for the function with name '${name}' matches the specified arguments. The function signatures considered are: ${signature}.`),
  // MetadataBinder_FilterExpressionNotSingleValue, MetadataBinder_AnyAllExpressionNotSingleValue, MetadataBinder_OrderByExpressionNotSingleValue
  filterNotBoolean: () => refusal('The $filter expression must evaluate to a single boolean value.'),
  lambdaNotBoolean: () => refusal('The Any/All query expression must evaluate to a single boolean value.'),
  orderByNotPrimitive: () => refusal('The $orderby expression must evaluate to a single value of primitive type.'),
  // Web API OData's NotAllowedQueryOption wrapped in UriQueryStringInvalid, as Intune words it (microsoft-graph-docs#21581)
  optionNotAllowed: (option: string) =>
    refusal(`The query specified in the URI is not valid. Query option '${option}' is not allowed. To allow it, set the 'AllowedQueryOptions' property on EnableQueryAttribute or QueryValidationSettings.`),
  // Web API OData's QueryParameterNotSupported
  optionNotSupported: (name: string) => refusal(`The query parameter ${quoted(name)} is not supported.`),
  // Web API OData's QueryCannotBeEmpty, raised by ODataQueryOptions.ThrowIfEmpty
  optionEmpty: (option: string) => refusal(`The value for OData query '${option}' cannot be empty.`),
  // QueryOptionUtils_QueryParameterMustBeSpecifiedOnce (live: microsoftgraph/msgraph-sdk-php#127)
  optionRepeated: (name: string) => refusal(`Query option '${name}' was specified more than once, but it must be specified at most once.`),
  // SyntacticTree_InvalidTopQueryOptionValue, _InvalidSkipQueryOptionValue (live: dcblogdev/laravel-microsoft-graph#90)
  notNonNegative: (option: '$top' | '$skip', value: string) =>
    refusal(`Invalid value ${quoted(value)} for ${option} query option found. The ${option} query option requires a non-negative integer value.`),
  // Web API OData's OrderByDuplicateProperty (OData/WebApi and OData/AspNetCoreOData SRResources.resx,
  // raised by OrderByQueryOption for a property path named twice, whatever its direction)
  duplicateOrderBy: (path: string) => refusal(`Duplicate property named ${quoted(path)} is not supported in '$orderby'.`),
  // ODataUriParser's count parsing
  invalidCount: (value: string) => refusal(`${quoted(value)} is not a valid count option.`),
  // graph-mock's own: it answers JSON alone.
  formatNotSupported: (value: string) => refusal(`The format ${quoted(value)} is not supported; graph-mock answers JSON only.`),
  // Web API OData's SkipTokenParseError
  invalidSkipToken: () => refusal('Unable to parse the skiptoken value. Skiptoken value should always be server generated.')
}
