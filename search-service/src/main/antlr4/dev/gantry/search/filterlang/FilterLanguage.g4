// The query language of saved filters, in the spirit of JQL:
//   assignee = me AND status in ("In progress", Review) AND due < 7d ORDER BY priority DESC
// Keywords are case-insensitive; values are bare words, "quoted strings", numbers, dates (2026-12-01) or
// relative times (7d, -2w, 12h). Field names and operators are checked after parsing (FilterQueryParser).
grammar FilterLanguage;

query
    : expression? orderBy? EOF
    ;

expression
    : NOT expression                                              # not
    | expression AND expression                                   # and
    | expression OR expression                                    # or
    | LPAREN expression RPAREN                                    # group
    | field operator value                                        # compare
    | field NOT? IN LPAREN value (COMMA value)* RPAREN             # in
    | field IS NOT? EMPTY                                         # empty
    ;

orderBy
    : ORDER BY sortKey (COMMA sortKey)*
    ;

sortKey
    : field direction=(ASC | DESC)?
    ;

field
    : WORD
    ;

operator
    : EQ | NEQ | LT | LTE | GT | GTE | CONTAINS
    ;

value
    : STRING
    | WORD
    | NUMBER
    | DATE
    | RELATIVE
    ;

AND      : [aA] [nN] [dD] ;
OR       : [oO] [rR] ;
NOT      : [nN] [oO] [tT] ;
IN       : [iI] [nN] ;
IS       : [iI] [sS] ;
EMPTY    : [eE] [mM] [pP] [tT] [yY] | [nN] [uU] [lL] [lL] ;
ORDER    : [oO] [rR] [dD] [eE] [rR] ;
BY       : [bB] [yY] ;
ASC      : [aA] [sS] [cC] ;
DESC     : [dD] [eE] [sS] [cC] ;

EQ       : '=' ;
NEQ      : '!=' ;
LTE      : '<=' ;
GTE      : '>=' ;
LT       : '<' ;
GT       : '>' ;
CONTAINS : '~' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
COMMA    : ',' ;

DATE     : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
RELATIVE : '-'? DIGIT+ [hdwmHDWM] ;
NUMBER   : '-'? DIGIT+ ;
STRING   : '"' ( '\\' ["\\] | ~["\\\r\n] )* '"' ;
// bare words: field names, statuses, labels, task keys (PAY-12) and CJK words (进行中)
WORD     : WORD_START WORD_PART* ;

WS       : [ \t\r\n]+ -> skip ;
// anything else is a token error with its position, never silently skipped
UNKNOWN  : . ;

fragment DIGIT      : [0-9] ;
fragment WORD_START : [\p{L}_] ;
fragment WORD_PART  : [\p{L}\p{N}_.\-] ;
