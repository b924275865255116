import { Box } from '@mui/material';
import { useFormContext, useWatch } from 'react-hook-form';
import { TextInput, type TextInputProps } from 'react-admin';
import { LatinHint } from './LatinHint';

/**
 * A react-admin text input for a field kept in Latin letters (given and family name as in the
 * passport, e-mail): the Latin hint under it (`LatinHint`), the transliteration written into the
 * form as a change of the user's (dirty, validated). `transliterate={false}`: warn only, as for an
 * address (e-mail).
 */
export const LatinTextInput = ({
  transliterate = true,
  ...props
}: TextInputProps & { transliterate?: boolean }) => {
  const value = useWatch({ name: props.source });
  const { setValue } = useFormContext();
  return (
    <Box sx={{ width: '100%', display: 'flex', flexDirection: 'column', alignItems: 'flex-start' }}>
      <TextInput {...props} />
      <LatinHint
        value={value}
        kind={transliterate ? 'name' : 'address'}
        onTransliterate={
          transliterate
            ? (latin) =>
                setValue(props.source, latin, {
                  shouldDirty: true,
                  shouldTouch: true,
                  shouldValidate: true,
                })
            : undefined
        }
      />
    </Box>
  );
};
